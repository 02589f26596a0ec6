"""Request-wide mappings that every page and endpoint shares.

* :class:`LanguageParamMiddleware` — ``?lang=en`` or ``?lang=zh-hans`` overrides the language
  that ``LocaleMiddleware`` chose (session, cookie, ``Accept-Language``) for one request; API
  clients use it where setting a header is awkward.
* :class:`AccessErrorMiddleware` — the one way pages turn access refusals into responses:
  :class:`~qualitas.core.access.NotFound` becomes the styled 404 and
  :class:`~qualitas.core.access.Forbidden` the styled 403 (``handler404``/``handler403`` of
  ``config/urls.py``); an uncaught :class:`~qualitas.core.errors.DomainError` becomes a 400
  page with its message in the page's language, and so does a number or text the database
  cannot take (``OverflowError``, ``DataError``: an id or page beyond 64 bits). The API maps the same exceptions in
  ``config/api.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from qualitas.core.access import Forbidden, NotFound
from qualitas.core.errors import DomainError
from qualitas.core.json_input import out_of_range


class LanguageParamMiddleware:
    """Activate the language named by ``?lang=`` (one of ``settings.LANGUAGES``) for this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        wanted = request.GET.get("lang", "").lower()
        if wanted in ("zh", "zh-cn", "zh_hans"):
            wanted = "zh-hans"
        if wanted in self.codes:
            translation.activate(wanted)
            request.LANGUAGE_CODE = wanted
        return self.get_response(request)


class AccessErrorMiddleware:
    """NotFound → 404, Forbidden → 403, DomainError → 400, each as the site's styled page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            raise Http404(str(exception)) from exception
        if isinstance(exception, Forbidden):
            raise PermissionDenied(str(exception)) from exception
        if isinstance(exception, (OverflowError, DataError)):
            exception = out_of_range(exception)
        if isinstance(exception, DomainError):
            return render(
                request, "core/error.html", {"status": 400, "message": str(exception)}, status=400
            )
        return None
