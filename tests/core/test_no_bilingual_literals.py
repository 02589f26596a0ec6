"""No inline bilingual literals in Python (issue 10 §2; STYLE.md, "Languages").

A user-facing string is one English msgid through gettext; its Chinese lives in
``docs/i18n/<table>.tsv``. This test parses every module under ``src/qualitas`` and fails, naming
file and line, on a string literal (or f-string) of the shape ``"<latin text> / <CJK text>"`` or
``"<CJK text> / <latin text>"``. Docstrings (module, class, function) are developer text and
are not checked; comments are not in the syntax tree.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "qualitas"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]")
SEPARATOR = re.compile(r"\s+/\s+")


def is_bilingual(text: str) -> bool:
    """True when some " / " splits ``text`` into a Latin-only side and a side with CJK."""
    for m in SEPARATOR.finditer(text):
        left, right = text[: m.start()], text[m.end() :]
        for latin, cjk in ((left, right), (right, left)):
            if LATIN.search(latin) and not CJK.search(latin) and CJK.search(cjk):
                return True
    return False


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                ids.add(id(body[0].value))
    return ids


def bilingual_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every bilingual string literal in ``source``; f-strings with ``{}`` holes."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    inner: set[int] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                inner.add(id(value))
                parts.append(value.value if isinstance(value, ast.Constant) else "{}")
            text = "".join(str(p) for p in parts)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in skip or id(node) in inner:
                continue
            text = node.value
        else:
            continue
        if is_bilingual(text):
            found.append((node.lineno, text))
    return sorted(found)


def test_the_check_catches_bilingual_literals() -> None:
    source = (
        '"""Module docstring: English / 中文 is allowed here."""\n'
        "from django.utils.translation import gettext_lazy as _\n"
        "def f(n):\n"
        '    """A docstring / 文档字符串 too."""\n'
        '    a = _("One English msgid")\n'
        '    b = "file not found / 找不到文件"\n'
        '    c = f"{n} enterprises imported / 已导入 {n} 家企业"\n'
        '    d = "中文在前 / Chinese first"\n'
        '    e = f"{n} / {n}", "a / b", "x / y（单位）"\n'
        "    return a, b, c, d, e\n"
    )
    assert [line for line, _ in bilingual_literals(source)] == [6, 7, 8, 9]
    assert not is_bilingual("OC curve (binomial)")
    assert not is_bilingual("10 / 3")
    assert is_bilingual("OC curve / 抽检特性曲线 (binomial)")


@lru_cache(maxsize=1)
def _offenders() -> tuple[str, ...]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent)
        for line, text in bilingual_literals(path.read_text(encoding="utf-8")):
            out.append(f"{rel}:{line}: {text[:80]!r}")
    return tuple(out)


def test_no_bilingual_literals_in_python() -> None:
    offenders = _offenders()
    assert not offenders, (
        "inline bilingual literals: write one English msgid through gettext and put the Chinese "
        "in docs/i18n/<table>.tsv (then run scripts/i18n.py):\n  "
        + "\n  ".join(offenders[:60])
        + (f"\n  … and {len(offenders) - 60} more" if len(offenders) > 60 else "")
    )


@pytest.mark.parametrize("area", ["cli", "charts", "core", "config", "analytics", "evaluation"])
def test_no_bilingual_literals_in_converted_areas(area: str) -> None:
    """The areas already converted stay so while the others land (this guard is strict)."""
    offenders = [o for o in _offenders() if o.startswith(f"qualitas/{area}/")]
    assert not offenders, "\n".join(offenders)
