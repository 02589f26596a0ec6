"""``qualitas standards``, ``qualitas grades`` and ``qualitas brands``: look up the catalogue of
standards, product quality grades (by number, product, enterprise or credit code) and brands
from a terminal, as a table or as JSON (``--json``). Public facts only, as on the public pages."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from qualitas.cli.common import console, emit_json, fail
from qualitas.cli.i18n import gettext as _
from qualitas.cli.i18n import gettext_noop

standards_app = typer.Typer(
    help=gettext_noop("Standards: look up the catalogue."), no_args_is_help=True
)
grades_app = typer.Typer(
    help=gettext_noop("Product quality grades: public lookup."), no_args_is_help=True
)
brands_app = typer.Typer(help=gettext_noop("Brands: public lookup."), no_args_is_help=True)

JSON_HELP = gettext_noop("Print JSON instead of a table.")


def _setup() -> None:
    from qualitas.cli.platform import _setup as setup

    setup()


@standards_app.command("lookup", help=gettext_noop("Standards whose number or title matches."))
def standards_lookup(
    query: str = typer.Argument(..., help=gettext_noop("A standard number or words of its title.")),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    _setup()
    from qualitas.standards.selectors import catalogue

    rows: list[dict[str, Any]] = [
        {
            "code": s.code,
            "title": s.title,
            "status": s.status,
            "mandatory": s.mandatory,
            "replaced_by": s.replaced_by.code if s.replaced_by else None,
        }
        for s in catalogue(q=query)[:50]
    ]
    if as_json:
        emit_json({"query": query, "standards": rows})
        return
    if not rows:
        fail(_("no standard matches %(query)s") % {"query": query})
    table = Table()
    for col in (_("standard number"), _("title"), _("status"), _("replaced by")):
        table.add_column(col)
    for r in rows:
        table.add_row(r["code"], r["title"], r["status"], r["replaced_by"] or "")
    console.print(table)


def _grade_row(g: Any, today: Any) -> dict[str, Any]:
    return {
        "number": g.number,
        "grade": g.grade,
        "qualified": g.qualified,
        "in_force": not g.withdrawn and g.valid_until >= today,
        "product": g.product.name,
        "enterprise": g.enterprise.name,
        "credit_code": g.enterprise.credit_code,
        "scheme": f"{g.scheme.title} v{g.scheme.version}",
        "tested_on": g.tested_on.isoformat(),
        "valid_until": g.valid_until.isoformat(),
    }


def _grade_word(r: dict[str, Any]) -> str:
    if r["grade"]:
        return str(r["grade"])
    return _("qualified, not graded") if r["qualified"] else _("not qualified")


@grades_app.command(
    "lookup", help=gettext_noop("Grades in force by number, product, enterprise or credit code.")
)
def grades_lookup(
    query: str = typer.Argument(..., help=gettext_noop("What to look for.")),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    _setup()
    from django.utils import timezone

    from qualitas.standards.selectors import grades_public

    today = timezone.localdate()
    rows = [_grade_row(g, today) for g in grades_public(q=query)[:50]]
    if as_json:
        emit_json({"query": query, "grades": rows})
        return
    if not rows:
        fail(_("no grade in force matches %(query)s") % {"query": query})
    table = Table()
    for col in (_("grade number"), _("product"), _("enterprise"), _("grade"), _("valid until")):
        table.add_column(col)
    for r in rows:
        table.add_row(r["number"], r["product"], r["enterprise"], _grade_word(r), r["valid_until"])
    console.print(table)


@grades_app.command("show", help=gettext_noop("One grade by its number."))
def grades_show(
    number: str = typer.Argument(..., help=gettext_noop("The grade number.")),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    _setup()
    from django.utils import timezone

    from qualitas.core.access import NotFound
    from qualitas.standards.selectors import grade_by_number

    try:
        g = grade_by_number(number)
    except NotFound:
        fail(_("no grade has the number %(number)s") % {"number": number})
    r = _grade_row(g, timezone.localdate())
    if as_json:
        emit_json(r)
        return
    console.print(f"{r['number']}  {r['product']}  {r['enterprise']}")
    console.print(_("grade: %(grade)s") % {"grade": _grade_word(r)})
    console.print(_("valid until %(day)s") % {"day": r["valid_until"]})
    if not r["in_force"]:
        console.print(_("no longer in force"))


@brands_app.command("lookup", help=gettext_noop("Published brands by name, category or trademark."))
def brands_lookup(
    query: str = typer.Argument(..., help=gettext_noop("What to look for.")),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    _setup()
    from qualitas.brands.selectors import latest_evaluation, published_brands

    rows: list[dict[str, Any]] = []
    for b in published_brands(q=query)[:50]:
        ev = latest_evaluation(b)
        rows.append(
            {
                "id": b.pk,
                "name": b.name,
                "kind": b.kind,
                "category": b.category,
                "owner": b.owner.name if b.owner else None,
                "score": float(ev.total) if ev else None,
            }
        )
    if as_json:
        emit_json({"query": query, "brands": rows})
        return
    if not rows:
        fail(_("no brand matches %(query)s") % {"query": query})
    table = Table()
    for col in (_("brand"), _("product category"), _("owner"), _("score")):
        table.add_column(col)
    for r in rows:
        score = "" if r["score"] is None else f"{r['score']:.1f}"
        table.add_row(r["name"], r["category"], r["owner"] or "", score)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(standards_app, name="standards")
    app.add_typer(grades_app, name="grades")
    app.add_typer(brands_app, name="brands")
