"""``qualitas analyze KIND FILE`` — the analytics core from the command line.

Shared helpers (reading CSV/XLSX, emitting tables/JSON/HTML, turning
:class:`AnalyticsError` into one line and exit status 2) live in
``qualitas.cli.common``; each family of analyses registers its commands from
its own module so that parts can grow independently.
"""

from __future__ import annotations

import typer

from qualitas.cli.i18n import gettext_noop

analyze_app = typer.Typer(
    help=gettext_noop("Statistical analyses on a CSV or XLSX file."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    import importlib

    for name in (
        "analyze_spc",
        "analyze_capability",
        "analyze_msa",
        "analyze_sampling",
        "analyze_reliability",
    ):
        try:
            module = importlib.import_module(f"qualitas.cli.{name}")
        except ModuleNotFoundError as exc:  # a family not written yet
            if exc.name != f"qualitas.cli.{name}":
                raise
            continue
        module.register(analyze_app)


_register()
