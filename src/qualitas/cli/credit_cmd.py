"""``qualitas credit``: rate every enterprise (batch), and verify a signed procurement answer
offline from the published key alone (no database)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from qualitas.cli.common import console, fail
from qualitas.cli.i18n import gettext as _
from qualitas.cli.i18n import gettext_noop

credit_app = typer.Typer(
    help=gettext_noop("Quality credit: batch rating, verification of eligibility answers."),
    no_args_is_help=True,
)


@credit_app.command(
    "rate", help=gettext_noop("Rate every enterprise under the published methodology.")
)
def rate_cmd(
    as_of: str = typer.Option(
        None, "--as-of", help=gettext_noop("The day rated (YYYY-MM-DD; default today).")
    ),
) -> None:
    from qualitas.cli.platform import _setup

    _setup()
    from qualitas.credit.rating import rate_all

    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(_("not a date: %(value)s") % {"value": as_of})
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as bar:
        task = bar.add_task(_("rating"), total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        written = rate_all(reason="batch", as_of=day, progress=progress)
    console.print(_("%(n)s ratings written (unchanged ones kept)") % {"n": written})


@credit_app.command(
    "verify", help=gettext_noop("Verify a signed eligibility answer with the published key.")
)
def verify_cmd(
    answer: Path = typer.Argument(
        ..., help=gettext_noop("The answer as JSON (from /api/credit/eligibility).")
    ),
    key: str = typer.Option(..., "--key", help=gettext_noop("The published public key (base64).")),
) -> None:
    from qualitas.credit.signing import verify

    if not answer.exists():
        fail(_("file not found: %(path)s") % {"path": answer})
    data = json.loads(answer.read_text(encoding="utf-8"))
    signature = data.pop("signature", "")
    if not verify(data, signature, key):
        fail(_("the signature does not match: the answer was changed or the key is another"))
    console.print(_("signature valid"))


def register(app: typer.Typer) -> None:
    app.add_typer(credit_app, name="credit")
