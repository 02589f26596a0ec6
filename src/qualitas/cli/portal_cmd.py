"""``qualitas search-index`` and ``qualitas search``: rebuild the one public search's index from
every app's providers, and search it from the command line."""

from __future__ import annotations

import typer
from rich.table import Table

from qualitas.cli.common import console, emit_json, fail_error
from qualitas.cli.i18n import gettext as _
from qualitas.cli.i18n import gettext_noop


def search_index_cmd() -> None:
    from qualitas.cli.platform import _setup

    _setup()
    from qualitas.portal.services import search_index_rebuild

    build = search_index_rebuild()
    table = Table(title=_("Search index rebuilt in %(s)s s") % {"s": f"{build.seconds:.1f}"})
    table.add_column(_("kind"))
    table.add_column(_("records"), justify="right")
    for kind, n in build.counts.items():
        table.add_row(kind, str(n))
    console.print(table)


def search_cmd(
    query: str = typer.Argument("", help=gettext_noop("Words or Chinese fragments to find.")),
    kind: str = typer.Option("", "--kind", help=gettext_noop("Only records of this kind.")),
    region: str = typer.Option("", "--region", help=gettext_noop("Only this region (code).")),
    as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print JSON.")),
) -> None:
    from qualitas.cli.platform import _setup

    _setup()
    from qualitas.core.errors import DomainError
    from qualitas.portal.selectors import SearchQuery, search

    try:
        result = search(SearchQuery(q=query.strip(), kind=kind, region=region))
    except DomainError as exc:
        fail_error(exc)
    if as_json:
        emit_json(
            {
                "total": result.total,
                "groups": [
                    {
                        "kind": g.kind,
                        "count": g.count,
                        "hits": [{"title": h.title, "url": h.url} for h in g.hits],
                    }
                    for g in result.groups
                ],
            }
        )
        return
    console.print(_("%(n)s records found") % {"n": result.total})
    for g in result.groups:
        console.print(f"[bold]{g.name}[/bold] ({g.count})")
        for h in g.hits:
            console.print(f"  {h.title}  {h.url}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command(
        "search-index",
        help=gettext_noop("Rebuild the public search's index from every published record."),
    )(search_index_cmd)
    app.command("search", help=gettext_noop("Search every published record."))(search_cmd)
