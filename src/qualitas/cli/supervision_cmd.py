"""``qualitas supervision redraw``: re-draw a spot-check list from its published frame and seed.

With a frame file (``key,stratum,weight`` lines, as the results page publishes it) no database
is needed: anyone can check a published list. With ``--campaign`` the frame, seed and count
are read from the platform and the re-drawn list is compared with the enterprises drawn.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from qualitas.cli.common import console, fail
from qualitas.cli.i18n import gettext as _
from qualitas.cli.i18n import gettext_noop

supervision_app = typer.Typer(
    help=gettext_noop("Supervision spot-checks: re-draw a published selection."),
    no_args_is_help=True,
)


@supervision_app.command(
    "redraw", help=gettext_noop("Re-draw a spot-check list from its frame and seed.")
)
def redraw_cmd(
    frame: Path = typer.Argument(
        None, help=gettext_noop("The published frame (CSV lines key,stratum,weight).")
    ),
    seed: int = typer.Option(None, help=gettext_noop("The published seed.")),
    n: int = typer.Option(None, "--n", help=gettext_noop("How many enterprises were drawn.")),
    campaign: str = typer.Option(
        None, help=gettext_noop("A campaign number: read frame, seed and count from the platform.")
    ),
) -> None:
    """Re-draw a spot-check list from its frame and seed."""
    from qualitas.analytics.selection import frame_digest

    drawn: list[str] | None = None
    if campaign:
        from qualitas.cli.platform import _setup

        _setup()
        from qualitas.supervision.models import Campaign

        c = Campaign.objects.filter(code=campaign).first()
        if c is None or not c.frame:
            fail(_("no drawn campaign %(code)s") % {"code": campaign})
        text, seed, n = c.frame, int(c.seed or 0), c.sample_count
        drawn = list(
            c.samples.order_by("draw_order").values_list("enterprise__credit_code", flat=True)
        )
    else:
        if frame is None or seed is None or n is None:
            fail(_("give a frame file with --seed and --n, or --campaign"))
        if not frame.exists():
            fail(_("file not found: %(path)s") % {"path": frame})
        text = frame.read_text(encoding="utf-8-sig")
    from qualitas.supervision.services import redraw_from_frame

    try:
        keys = redraw_from_frame(text, n=n, seed=seed)
    except ValueError as exc:
        fail(str(exc))
    rows = [line.rsplit(",", 2) for line in text.splitlines() if line.strip()]
    digest = frame_digest([r[0] for r in rows], [r[1] for r in rows], [float(r[2]) for r in rows])
    table = Table(title=_("Re-drawn list (seed %(seed)s)") % {"seed": seed})
    table.add_column(_("no."))
    table.add_column(_("credit code"))
    for i, key in enumerate(keys, start=1):
        table.add_row(str(i), key)
    console.print(table)
    console.print(
        _("frame: %(size)s units, SHA-256 %(digest)s") % {"size": len(rows), "digest": digest}
    )
    if drawn is not None:
        if drawn == keys:
            console.print(_("the re-drawn list equals the enterprises drawn"))
        else:
            fail(_("the re-drawn list differs from the enterprises drawn"))


def register(app: typer.Typer) -> None:
    app.add_typer(supervision_app, name="supervision")
