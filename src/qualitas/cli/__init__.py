"""The ``qualitas`` command (Typer + Rich).

Sub-commands live in sibling modules and are registered here, so that each
area (platform, analyze …) owns its own file. Every line the command prints is in the user's
language: ``--lang`` or the locale of the environment (:mod:`qualitas.cli.i18n`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from qualitas.cli.analyze import analyze_app
from qualitas.cli.i18n import (
    LANGUAGES,
    gettext,
    gettext_noop,
    language_from_args,
    language_from_env,
    translate_command,
    use_language,
)


class QualitasGroup(TyperGroup):
    """The top-level group: runs the command in the user's language, refusals as one line.

    The language is known before the arguments are parsed (``--lang`` is read ahead), so help
    texts are translated in the command tree first. A
    :class:`~qualitas.core.errors.DomainError` that no command caught becomes one line on
    standard error and exit status 2, never a traceback.
    """

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        language = language_from_args(argv) or language_from_env(os.environ)
        with use_language(language):
            translate_command(self)
            try:
                return super().main(args, *rest, **kwargs)
            except Exception as exc:
                from qualitas.core.errors import DomainError

                if not isinstance(exc, DomainError):
                    raise
                from qualitas.cli.common import fail_error

                try:
                    fail_error(exc)
                except typer.Exit as stop:
                    raise SystemExit(stop.exit_code) from None


app = typer.Typer(
    name="qualitas",
    cls=QualitasGroup,
    help=gettext_noop("Qualitas — open platform for manufacturing quality."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _options(
    lang: str | None = typer.Option(
        None,
        "--lang",
        metavar="en|zh-hans",
        help=gettext_noop(
            "Language of the messages: en or zh-hans (default: from LANG, LC_ALL, "
            "LC_MESSAGES; zh-hans when none is set)."
        ),
    ),
) -> None:
    # read ahead by QualitasGroup.main; declared here for --help and to refuse other values
    if lang is not None and lang.strip().lower() not in LANGUAGES:
        raise typer.BadParameter(gettext("choose en or zh-hans"), param_hint="--lang")


app.add_typer(analyze_app, name="analyze")

try:  # the platform commands need Django; the analytics CLI does not
    from qualitas.cli import platform as _platform

    _platform.register(app)
except ImportError:  # pragma: no cover - Django is a hard dependency of the package
    pass


def main() -> None:
    """Entry point of the console script."""
    app()
