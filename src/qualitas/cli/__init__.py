"""The ``qualitas`` command (Typer + Rich).

Sub-commands live in sibling modules and are registered here, so that each
area (platform, analyze …) owns its own file.
"""

from __future__ import annotations

import typer

from qualitas.cli.analyze import analyze_app

app = typer.Typer(
    name="qualitas",
    help="Qualitas — open platform for manufacturing quality. / Qualitas 制造业质量开放平台。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(analyze_app, name="analyze")

try:  # the platform commands need Django; the analytics CLI does not
    from qualitas.cli import platform as _platform

    _platform.register(app)
except ImportError:  # pragma: no cover - Django is a hard dependency of the package
    pass


def main() -> None:
    """Entry point of the console script."""
    app()
