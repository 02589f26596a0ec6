"""Regenerate the zh_Hans message catalogue and fill it from the translation tables.

``docs/i18n/*.tsv`` hold ``English msgid<TAB>Chinese`` lines, one table per app. This script
runs makemessages, fills every msgstr it has a translation for (plural forms too: Chinese has
one), reports msgids still untranslated, and compiles the .mo file that ships in the wheel.
Run: ``.venv/bin/python scripts/i18n.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "qualitas"
PO = PKG / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qualitas.config.settings.local"}
    django = [sys.executable, "-m", "django"]
    subprocess.run(
        [
            *django,
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--ignore",
            "analytics/*",
            "-v0",
        ],
        cwd=PKG,
        env=env,
        check=True,
    )
    # English<TAB>Chinese, or English<TAB>Chinese<TAB>context for a msgid marked with
    # pgettext(context, ...) because the same English word needs another translation there
    table, clashes = read_tables(ROOT / "docs" / "i18n")
    for clash in clashes:
        print("  translated two ways:", clash)
    import polib

    po = polib.pofile(str(PO))
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    missing = []
    for entry in po:
        zh = table.get((entry.msgctxt or None, entry.msgid))
        if zh is None:
            # a "fuzzy" guess by makemessages is not a translation (and is left out of the .mo)
            if "fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())):
                missing.append(entry.msgid)
            continue
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: zh}
        else:
            entry.msgstr = zh
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    print(f"{len(po)} messages, {len(missing)} untranslated, {len(clashes)} translated two ways")
    for m in missing:
        print("  untranslated:", m.replace("\n", "\\n")[:100])
    return 1 if clashes else 0


def read_tables(folder: Path) -> tuple[dict[tuple[str | None, str], str], list[str]]:
    """The translation tables, and the English msgids (in one context) that two lines translate
    differently. Only one of them would reach the catalogue, silently changing the other app's
    word; a word that needs two translations gets a pgettext context instead."""
    table: dict[tuple[str | None, str], str] = {}
    seen: dict[tuple[str | None, str], tuple[str, str]] = {}
    clashes: list[str] = []
    for tsv in sorted(folder.glob("*.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                en, zh, *ctx = line.split("\t")
                key = (ctx[0] if ctx else None, en.replace("\\n", "\n"))
                table[key] = zh.replace("\\n", "\n")
                where = f"{tsv.name}: {en!r} -> {zh!r}"
                if key in seen and seen[key][0] != zh:
                    clashes.append(f"{seen[key][1]}  vs  {where}")
                seen.setdefault(key, (zh, where))
    return table, clashes


if __name__ == "__main__":
    sys.exit(main())
