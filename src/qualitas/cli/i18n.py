"""The language of the ``qualitas`` command: one English msgid per message, Chinese from the catalogue.

Which language
--------------
1. ``qualitas --lang en|zh-hans …`` (an option of the top-level command, before the sub-command);
2. otherwise the locale of the environment, read as Python's ``gettext`` reads it: the first
   non-empty of ``LANGUAGE`` (its first entry), ``LC_ALL``, ``LC_MESSAGES``, ``LANG``. A value
   starting with ``zh`` (``zh_CN.UTF-8``, ``zh_TW``, ``zh``) gives ``zh-hans``; ``C``, ``POSIX``,
   ``en…`` and every other language give ``en`` (the C locale means untranslated messages, and
   English is the only other language the platform has);
3. none of them set: ``zh-hans``, the site's default (``LANGUAGE_CODE``).

How
---
Messages are marked in the CLI modules with :func:`gettext` (``_``) or :func:`ngettext` and are
looked up with the standard library's :mod:`gettext` in the platform's compiled catalogue
(``locale/zh_Hans/LC_MESSAGES/django.mo``, built by ``scripts/i18n.py`` from
``docs/i18n/cli.tsv``), so ``qualitas analyze`` needs no Django settings. Help texts are marked
with :func:`gettext_noop` where they are declared and translated in the command tree before the
arguments are parsed (:func:`translate_command`), so ``--help`` is in the user's language too.
The platform commands also activate Django's translation after ``django.setup()``
(:func:`activate_django`), so that a :class:`~qualitas.core.errors.DomainError` (a
``gettext_lazy`` message) reads in the same language.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "zh-hans")
DEFAULT_LANGUAGE = "zh-hans"
ENV_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

# the language of the running command; None outside a run of ``qualitas`` (e.g. a sub-app invoked
# on its own): the environment's
_state: dict[str, str | None] = {"language": None}


def language_from_locale(value: str) -> str:
    """``en`` or ``zh-hans`` for one locale name such as ``zh_CN.UTF-8``, ``en_GB`` or ``C``."""
    name = value.strip().lower()
    return "zh-hans" if name.startswith("zh") else "en"


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment's locale variables ask for (see the module docstring)."""
    env = os.environ if environ is None else environ
    for var in ENV_VARIABLES:
        value = env.get(var, "")
        if var == "LANGUAGE":
            value = value.split(":")[0]
        if value.strip():
            return language_from_locale(value)
    return DEFAULT_LANGUAGE


def language_from_args(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the top-level options (before the sub-command), if valid."""
    it = iter(args)
    for token in it:
        if token == "--lang":
            value = next(it, "")
        elif token.startswith("--lang="):
            value = token.split("=", 1)[1]
        elif token.startswith("-"):
            continue
        else:
            return None  # the sub-command: its options are not ours
        value = value.strip().lower()
        return value if value in LANGUAGES else None
    return None


@lru_cache(maxsize=4)
def _catalogue(language: str) -> _gettext.NullTranslations:
    if language == "en":
        return _gettext.NullTranslations()
    mo = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    try:
        with mo.open("rb") as fp:
            return _gettext.GNUTranslations(fp)
    except OSError:  # pragma: no cover - the .mo ships in the wheel
        return _gettext.NullTranslations()


def current_language() -> str:
    """The CLI's active language (``en`` or ``zh-hans``)."""
    return _state["language"] or language_from_env()


def gettext(message: str) -> str:
    """``message`` in the CLI's active language."""
    return _catalogue(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the CLI's active language."""
    return _catalogue(current_language()).ngettext(singular, plural, n)


def gettext_noop(message: str) -> str:
    """Mark a help text for the catalogue; :func:`translate_command` translates it later."""
    return message


# Typer's own words in a help screen or an error panel (module attributes of typer.rich_utils,
# read when the help is drawn); the help option's text is Click's.
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "REQUIRED_LONG_STRING": "[required]",
    "DEFAULT_STRING": "[default: {}]",
    "ABORTED_TEXT": "Aborted.",
}
HELP_OPTION_TEXT = "Show this message and exit."
_TYPER_MSGIDS = (  # for the catalogue (makemessages reads these calls)
    gettext_noop("Arguments"),
    gettext_noop("Options"),
    gettext_noop("Commands"),
    gettext_noop("Error"),
    gettext_noop("[required]"),
    gettext_noop("[default: {}]"),
    gettext_noop("Aborted."),
    gettext_noop("Show this message and exit."),
)


def _django_ready() -> bool:
    try:
        from django.apps import apps
    except ImportError:  # pragma: no cover - Django is a dependency of the package
        return False
    return bool(apps.ready)


def activate_django() -> None:
    """Make Django's translation (``gettext_lazy`` messages, DomainError) follow the CLI's language."""
    if _django_ready():
        from django.utils import translation

        translation.activate(current_language())


def _typer_words(words: Mapping[str, str]) -> dict[str, str]:
    """Set Typer's help-screen words; return the ones they replace."""
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - rich is a dependency
        return {}
    before = {}
    for attr, text in words.items():
        if isinstance(getattr(rich_utils, attr, None), str):
            before[attr] = getattr(rich_utils, attr)
            setattr(rich_utils, attr, text)
    return before


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Run a command in ``language``; the previous language (CLI and Django) is restored after."""
    previous = _state["language"]
    django_before = None
    if _django_ready():
        from django.utils import translation

        django_before = translation.get_language()
    _state["language"] = language
    activate_django()
    typer_before = _typer_words({attr: gettext(en) for attr, en in TYPER_WORDS.items()})
    try:
        yield
    finally:
        _typer_words(typer_before)
        _state["language"] = previous
        if _django_ready():
            from django.utils import translation

            if django_before is None:
                translation.deactivate()
            else:
                translation.activate(django_before)


def translate_command(command: Any) -> None:
    """Translate the help texts of a Click/Typer command tree in place (built anew per run)."""
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if isinstance(text, str) and text:
            setattr(command, attr, gettext(text))
    for param in getattr(command, "params", ()):
        text = getattr(param, "help", None)
        if isinstance(text, str) and text:
            param.help = gettext(text)
    if getattr(command, "add_help_option", False) and getattr(command, "_help_option", 0) is None:
        # Click creates the --help option on demand and keeps it: create it now, translated
        try:
            from typer._click.decorators import help_option

            help_option(["--help"])(command)
            option = command.params.pop()
            option.help = gettext(HELP_OPTION_TEXT)
            command._help_option = option
        except (ImportError, AttributeError, IndexError):  # pragma: no cover - Typer internals
            pass
    for sub in (getattr(command, "commands", None) or {}).values():
        translate_command(sub)
