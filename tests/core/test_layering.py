"""Views, API endpoints and forms never query a model directly (STYLE.md, "Scoped access").

Reads go through the apps' selectors (scoped through ``core.access`` where the rows are
private), writes through services. This test parses every ``views.py``, ``api.py`` and
``forms.py`` of the Django apps (and packages of those names, should an app grow one) and fails
on any model manager access — ``Enterprise.objects…``, ``get_user_model().objects…``,
``Model._default_manager…`` — naming the file and line, so the rule holds for new code too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "qualitas"
MANAGERS = {"objects", "_default_manager", "_base_manager"}


def surface_files() -> list[Path]:
    """The modules that serve pages, endpoints and forms: ``<app>/{views,api,forms}.py`` and packages of those names."""
    files: set[Path] = set()
    for name in ("views", "api", "forms"):
        files.update(PACKAGE.glob(f"*/{name}.py"))
        files.update(PACKAGE.glob(f"*/{name}/**/*.py"))
    return sorted(files)


def manager_accesses(source: str) -> list[tuple[int, str]]:
    """(line, expression) of every attribute access to a model manager in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_the_check_finds_direct_queries() -> None:
    source = (
        "from django.contrib.auth import get_user_model\n"
        "def view(request, code):\n"
        "    e = Enterprise.objects.filter(credit_code=code).first()\n"
        "    users = get_user_model().objects.all()\n"
        "    return Region._default_manager.get(code=code)\n"
    )
    assert [line for line, _ in manager_accesses(source)] == [3, 4, 5]
    assert manager_accesses("def view(request):\n    return selectors.regions_list()\n") == []


def test_surfaces_are_found() -> None:
    names = {f"{p.parent.name}/{p.name}" for p in surface_files()}
    assert {
        "registry/views.py",
        "registry/api.py",
        "registry/forms.py",
        "views/result_pages.py",  # evaluation/views/ is a package
        "diagnosis/api.py",
    } <= names


@pytest.mark.parametrize("path", surface_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_views_endpoints_and_forms_do_not_query_models_directly(path: Path) -> None:
    hits = manager_accesses(path.read_text(encoding="utf-8"))
    where = "\n".join(
        f"  {path.relative_to(PACKAGE.parent.parent)}:{line}: {expr}" for line, expr in hits
    )
    assert not hits, (
        "views, API endpoints and forms read through the app's selectors (scoped via core.access), "
        f"never a model manager directly:\n{where}"
    )
