"""The one domain error type (ARCHITECTURE.md, "Cross-cutting conventions").

Every refusal a user can act on is a :class:`DomainError` (or a subclass an app declares for
its own ``except`` clauses). The message is a ``gettext_lazy`` string, so it is rendered in the
language active where it is shown: the page's, the API request's (``Accept-Language`` or
``?lang=``), the CLI user's (``LANG`` or ``--lang``). ``field`` names the input, ``row`` the
line of an imported file. The API maps it once (``config/api.py``: 422 with ``loc``), pages
once (:func:`qualitas.core.middleware.DomainErrorMiddleware` and the forms' ``add_error``).

Messages with values are formatted lazily: ``DomainError(_("unknown region %(code)s"),
code=code)`` keeps the translation until the message is read.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(ValueError):
    """A request refused for a reason the user can fix.

    Parameters
    ----------
    message : str or lazy str
        What is wrong and, where possible, what to do; through ``gettext_lazy``. Placeholders
        ``%(name)s`` are filled from ``params`` each time the message is read.
    field : str, optional
        The input the message is about (a form field, a JSON key, a column).
    row : int, optional
        The 1-based line of an imported file.
    """

    default_message: Any = _("The request cannot be carried out.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        field: str | None = None,
        row: int | None = None,
        **params: Any,
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.field = field or None
        self.row = row
        self.params = params
        super().__init__(self.message)

    def __str__(self) -> str:
        text = str(self.message)
        if self.params:
            with contextlib.suppress(KeyError, ValueError, TypeError):
                text = text % {
                    k: str(v) if isinstance(v, Promise) else v for k, v in self.params.items()
                }
        return text

    def as_detail(self) -> dict[str, Any]:
        """The API's 422 item: ``loc`` names the body field (and row), ``msg`` is in the active language."""
        loc: list[Any] = ["body"]
        if self.row is not None:
            loc.append(self.row)
        if self.field:
            loc.append(self.field)
        return {"loc": loc, "msg": str(self), "type": "value_error"}


def gettext_noop(message: str) -> str:
    """Mark a message for the catalogue; unlike Django's, it reads no setting (settings may be loading)."""
    return message


class MissingSettings(ImproperlyConfigured):
    """Settings a deployment must give (``config/settings/production.py``); raised while settings load.

    Django's translation cannot run before the settings are loaded, so the message is English;
    :attr:`template` and :attr:`names` let the CLI say it in the user's language.
    """

    template = gettext_noop(
        "missing production setting(s): %(names)s — set them in the environment"
    )

    def __init__(self, names: list[str] | tuple[str, ...]) -> None:
        self.names = tuple(names)
        super().__init__(self.template % {"names": ", ".join(self.names)})


class UnsafeSettings(ImproperlyConfigured):
    """Production settings given but unsafe (a short ``SECRET_KEY``, ``ALLOWED_HOSTS=*``)."""

    template = gettext_noop(
        "unsafe production setting(s): %(names)s — SECRET_KEY needs 50 or more random "
        "characters, ALLOWED_HOSTS the site's host names (not *)"
    )

    def __init__(self, names: list[str] | tuple[str, ...]) -> None:
        self.names = tuple(names)
        super().__init__(self.template % {"names": ", ".join(self.names)})
