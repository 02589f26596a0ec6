"""Access is decided in ``core/access`` only (issue 10, ARCHITECTURE.md "Access policies").

Every decision is a named policy over an ``Actor``. This test parses every module of the
package outside ``qualitas/core/access/`` (and migrations) and fails, naming file and line, on

* a comparison with a role: ``actor.role == Role.AUTHORITY``, ``role in ("admin", …)``,
  ``profile.role != "enterprise"``;
* region-prefix arithmetic: any use of ``province_prefixes`` / ``region_prefixes``, or a region
  code cut to its province or city (``region[:2]``, ``region_code[:4]``) where it decides
  something — compared, passed as a filter or to ``startswith`` (deriving a stored province
  code from a region code is data, not a decision);
* ``is_superuser`` read outside access (admins are a role).

Templates may read flags a view or the context processor computed from the policies; a
second check scans them for role names and region prefixes (:func:`template_violations`).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "qualitas"
ROLE_VALUES = {
    "enterprise",
    "evaluator",
    "institution_manager",
    "reviewer",
    "authority",
    "admin",
    "partner",
    "public",
}
ROLE_NAMES = {"role", "PUBLIC"}


def _is_role_expr(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        if node.attr == "role":
            return True
        if isinstance(node.value, ast.Name) and node.value.id == "Role":
            return True
    if isinstance(node, ast.Name) and node.id in ROLE_NAMES:
        return True
    if isinstance(node, ast.Constant) and node.value in ROLE_VALUES:
        return False  # a bare literal alone is not a role (could be a status); paired below
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_is_role_expr(e) for e in node.elts)
    return False


def _regionish(node: ast.AST) -> bool:
    name = ast.unparse(node).lower()
    return "region" in name


def _deciding_parents(tree: ast.AST) -> set[int]:
    """ids of nodes used to decide: compared, a keyword argument (filters), an argument of startswith."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            ids.update(id(n) for n in (node.left, *node.comparators))
        elif isinstance(node, ast.keyword):
            ids.add(id(node.value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "startswith"
        ):
            ids.update(id(a) for a in node.args)
            ids.add(id(node.func.value))
    return ids


def violations(source: str) -> list[tuple[int, str]]:
    """(line, code) of every access decision made outside core/access in ``source``."""
    found: list[tuple[int, str]] = []
    tree = ast.parse(source)
    deciding = _deciding_parents(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            ops_ok = all(isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn) for op in node.ops)
            sides = [node.left, *node.comparators]
            if ops_ok and any(_is_role_expr(s) for s in sides):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Attribute) and node.attr in (
            "province_prefixes",
            "region_prefixes",
            "is_superuser",
        ):
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.keyword) and node.arg in ("region_prefixes", "province_prefixes"):
            found.append((node.value.lineno, f"{node.arg}={ast.unparse(node.value)}"))
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Slice)
            and node.slice.lower is None
            and isinstance(node.slice.upper, ast.Constant)
            and node.slice.upper.value in (2, 4)
            and _regionish(node.value)
            and id(node) in deciding
        ):
            found.append((node.lineno, ast.unparse(node)))
    return sorted(set(found))


def checked_files() -> list[Path]:
    access = PACKAGE / "core" / "access"
    return sorted(
        p for p in PACKAGE.rglob("*.py") if access not in p.parents and "migrations" not in p.parts
    )


def test_the_check_finds_role_and_region_decisions() -> None:
    source = (
        "def f(actor, enterprise, data, user):\n"
        "    if actor.role == Role.AUTHORITY:\n"
        "        pass\n"
        "    if actor.role in (Role.ADMIN, Role.REVIEWER):\n"
        "        pass\n"
        "    ok = enterprise.region_id.startswith(actor.province_prefixes)\n"
        "    qs = qs.filter(region__code__startswith=data['region'][:2])\n"
        "    return user.is_superuser\n"
    )
    assert [line for line, _ in violations(source)] == [2, 4, 6, 7, 8]
    clean = (
        "def f(actor, enterprise):\n"
        "    if may_run_campaign(actor):\n"
        "        return covers_region(actor, enterprise.region_id)\n"
        "    e.province_id = e.region_id[:2] + '0000'\n"
        "    return status == 'published' and code[:2] == '91'\n"
    )
    assert violations(clean) == []


def test_no_access_decision_outside_core_access() -> None:
    problems = [
        f"{path.relative_to(PACKAGE)}:{line}: {code}"
        for path in checked_files()
        for line, code in violations(path.read_text(encoding="utf-8"))
    ]
    assert not problems, (
        "access decisions belong in a named policy of qualitas.core.access:\n" + "\n".join(problems)
    )


# ------------------------------------------------------------------------------------- templates

TEMPLATE_TAG = re.compile(r"\{%.*?%\}", re.S)
_VALUES = "|".join(sorted(ROLE_VALUES))
# inside a template tag (where templates decide: if, elif, with, for): reading a role (``actor.role``, ``user.profile.role``; the
# role's label ``get_role_display`` is text, not a decision), comparing with a role's name
# (``== "authority"``, ``"admin" in …``), a role's flag (``actor.is_public``, ``is_superuser``,
# ``is_staff``) or region-prefix arithmetic (``province_prefixes``, ``region|slice:":2"``)
TEMPLATE_ROLE = re.compile(
    r"\.role\b"
    rf"|[\"']({_VALUES})[\"']\s*(==|!=|\bin\b)"
    rf"|(==|!=|\bin\b)\s*[\"']({_VALUES})[\"']"
    r"|\bactor\.is_\w+|\bis_(superuser|staff)\b"
    r"|\b(province|region)_prefix(es)?\b|\bregion\w*\|slice\b"
)


def template_violations(text: str) -> list[tuple[int, str]]:
    """(line, tag) of every tag of a template that decides by role or region prefix."""
    found = []
    for m in TEMPLATE_TAG.finditer(text):
        if TEMPLATE_ROLE.search(m.group(0)):
            found.append((text.count("\n", 0, m.start()) + 1, m.group(0)))
    return found


def test_the_template_check_finds_role_comparisons() -> None:
    bad = [
        '{% if actor.role == "authority" or actor.role == "admin" %}',
        "{% if user.profile.role != 'enterprise' %}",
        '{% if "admin" in roles %}',
        "{% if actor.is_public %}",
        "{% if request.user.is_superuser %}",
        "{% if code|slice:':2' in actor.province_prefixes %}",
        '{% if e.region_id|slice:":2" == "33" %}',
    ]
    assert [len(template_violations(t)) for t in bad] == [1] * len(bad)
    good = (
        "{% if nav.monitoring %}<a href=\"{% url 'diagnosis:authority' %}\">…</a>{% endif %}\n"
        "{{ user.profile.get_role_display }} <span class=\"role\">{% url 'admin:index' %}</span>\n"
        '{% if kind == "supplier" and status == "published" %}{% endif %}\n'
        '{{ rule.region_prefix|default:_("whole country") }}'
    )
    assert template_violations(good) == []


def test_templates_compare_no_role_names() -> None:
    problems = [
        f"{path.relative_to(PACKAGE)}:{line}: {tag}"
        for path in sorted(PACKAGE.rglob("templates/**/*"))
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}
        for line, tag in template_violations(path.read_text(encoding="utf-8"))
    ]
    assert not problems, (
        "templates read flags a policy of qualitas.core.access computed (the context "
        "processor's nav, a view's context), never a role:\n" + "\n".join(problems)
    )


@pytest.mark.django_db
def test_header_navigation_offers_each_user_their_pages(world) -> None:
    from qualitas.core.access import actor_for, header_navigation

    def nav(role: str) -> dict:
        return header_navigation(actor_for(world.users.get(role)))

    public, ent, auth, eva, bank, admin = (
        nav(r) for r in ("public", "enterprise", "authority", "evaluator", "partner", "admin")
    )
    assert not public["signed_in"] and not public["my_work"] and not public["enterprises_menu"]
    assert ent["my_enterprise"] == world.ent_a.pk and ent["diagnosis"] and not ent["monitoring"]
    assert ent["my_samples"] and ent["my_declarations"] and not ent["credit_desk"]
    assert auth["monitoring"] and not auth["diagnosis"] and auth["registry_import"]
    assert auth["credit_desk"] and auth["registers_desk"] and not auth["my_enterprise"]
    assert eva["evaluation"] and eva["my_work"] and not eva["enterprises_menu"]
    assert bank["signed_in"] and bank["evaluation"] and not bank["suppliers"]
    assert admin["administration"] and not auth["administration"]
