"""Every user-facing message has its Chinese translation; the language switch changes the page."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

PO = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "qualitas"
    / "locale"
    / "zh_Hans"
    / "LC_MESSAGES"
    / "django.po"
)


def test_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(PO))
    missing = [
        e.msgid
        for e in po
        if not e.obsolete
        and ("fuzzy" in e.flags or not (e.msgstr or any(e.msgstr_plural.values())))
    ]
    assert not missing, (
        f"untranslated (add to docs/i18n/<app>.tsv, run scripts/i18n.py): {missing[:20]}"
    )
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime - 5


@pytest.mark.django_db
def test_home_in_both_languages(client):
    zh = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "企业查询" in client.get("/enterprises/").content.decode()
    assert "制造业质量，一个开放平台" in zh
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = client.get("/").content.decode()
    assert "Manufacturing quality, in one open platform" in en
    assert '<html lang="en">' in en


def test_no_english_is_translated_two_ways():
    """Two tables translating one msgid differently would let the last one read silently
    change the other app's word; a word needing two translations takes a pgettext context."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "scripts" / "i18n.py"
    spec = importlib.util.spec_from_file_location("i18n_script", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table, clashes = module.read_tables(path.parent.parent / "docs" / "i18n")
    assert len(table) > 3000
    assert clashes == []
    # a word with two senses is kept apart by its context
    assert table[("person", "title")] == "职务" and table[(None, "title")] == "标题"
    assert table[("lot", "Rejected")] == "拒收" and table[(None, "Rejected")] == "驳回"
