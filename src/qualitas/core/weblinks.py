"""Links to the outside world that users type: web addresses only (issue 16 §1).

Every field that holds a link a user typed (an enterprise's website, an evidence link, …) is
checked here by the service that writes it, so the page, the API, PATCH and the bulk import share
the rule; the pages render stored links through ``{{ value|web_href }}`` (``core.templatetags``),
which yields nothing for a value that is not a plain http(s) address — a defence for rows written
before the rule.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")
_VALIDATOR = URLValidator(schemes=list(WEB_SCHEMES))
NOT_A_WEB_ADDRESS = _("must be a web address starting with http:// or https://")


def web_url_problem(value: str) -> Promise | None:
    """Why ``value`` is not an acceptable web address (None when it is, or when empty)."""
    if not value:
        return None
    if value != value.strip() or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return NOT_A_WEB_ADDRESS
    try:
        _VALIDATOR(value)
    except ValidationError:
        return NOT_A_WEB_ADDRESS
    return None


def is_web_url(value: object) -> bool:
    """``value`` is a non-empty http(s) address that a page may link to."""
    return isinstance(value, str) and bool(value) and web_url_problem(value) is None
