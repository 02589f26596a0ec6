"""``qualitas trace forward|backward ID [--json]``: the recursive trace from the command line.

The command runs as the platform's operator (the whole genealogy), like the other platform
commands; the JSON lists every identifier reached with its depth, and the steps.
"""

from __future__ import annotations

import json
from datetime import datetime

import typer
from rich.table import Table

from qualitas.cli.common import console, fail
from qualitas.cli.i18n import gettext as _
from qualitas.cli.i18n import gettext_noop

trace_app = typer.Typer(
    help=gettext_noop("Trace identifiers forward or backward (EPCIS genealogy)."),
    no_args_is_help=True,
)


def _run(
    direction: str, identifier: str, as_json: bool, depth: int, since: str | None, until: str | None
) -> None:
    from qualitas.cli.platform import _setup

    _setup()
    from qualitas.traceability.selectors import MAX_DEPTH, trace_walk

    if not 0 < depth <= MAX_DEPTH:
        fail(_("depth must be from 1 to %(max)s") % {"max": MAX_DEPTH})
    try:
        lo = datetime.fromisoformat(since) if since else None
        hi = datetime.fromisoformat(until) if until else None
    except ValueError as exc:
        fail(str(exc))
    result = trace_walk(identifier, direction=direction, since=lo, until=hi, max_depth=depth)
    if as_json:
        from qualitas.traceability.api import trace_json

        typer.echo(json.dumps(trace_json(result), ensure_ascii=False, indent=2))
        return
    table = Table(
        title=_("Trace %(direction)s from %(id)s") % {"direction": _(direction), "id": result.start}
    )
    for header in (_("Depth"), _("Identifier"), _("Step"), _("Quantity")):
        table.add_column(header)
    for n in result.nodes:
        quantity = "" if n.quantity is None else f"{n.quantity:g} {n.uom}".strip()
        table.add_row(str(n.depth), n.label, n.step_label, quantity)
    console.print(table)


def _options(direction: str):  # type: ignore[no-untyped-def]
    def command(
        identifier: str = typer.Argument(
            ..., help=gettext_noop("An identifier: EPC URN or GS1 Digital Link.")
        ),
        as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print JSON.")),
        depth: int = typer.Option(32, help=gettext_noop("Steps at most.")),
        since: str | None = typer.Option(
            None, help=gettext_noop("Only steps at or after this time (ISO 8601).")
        ),
        until: str | None = typer.Option(
            None, help=gettext_noop("Only steps at or before this time (ISO 8601).")
        ),
    ) -> None:
        _run(direction, identifier, as_json, depth, since, until)

    return command


trace_app.command("forward", help=gettext_noop("What it went into, where it went, who holds it."))(
    _options("forward")
)
trace_app.command("backward", help=gettext_noop("What went into it."))(_options("backward"))


def register(app: typer.Typer) -> None:
    """Add ``qualitas trace``."""
    app.add_typer(trace_app, name="trace")
