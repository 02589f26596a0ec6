"""Request bodies and query strings a database or parser could not take, refused up front.

One mechanism for every JSON body of the API (``config/api.py`` reads bodies through
:class:`StrictParser`) and for the measurement batches that read their body themselves
(``diagnosis.ingest.batch_parse_json``): :func:`strict_loads` answers a
:class:`~qualitas.core.errors.DomainError` (a 422 naming the field) for

* a body that is not JSON, or nested deeper than :data:`MAX_DEPTH`;
* an integer outside 64 bits (no column takes it) and a number that is not finite
  (``1e400``, ``NaN``, ``Infinity``);
* text with a NUL character (PostgreSQL refuses it) or a lone UTF-16 surrogate (no encoding
  takes it).

The checks walk the parsed body only when its raw text could hold such a value (a run of 19
digits, a three-digit exponent, a ``\\u0000`` or ``\\ud800``-style escape, a ``NaN``), so a
100,000-point batch pays one regular-expression scan. :class:`QueryGuardMiddleware` answers
400 to a query string with a NUL character (a search for it would reach the database) and, on
the API, to a whole number beyond 64 bits (a page or id no column holds). What still reaches the
top of a request as ``OverflowError`` or a database ``DataError`` is a 4xx too
(:func:`out_of_range`, mapped in ``config/api.py`` and ``core.middleware``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from ninja.parser import Parser

from qualitas.core.errors import DomainError

MAX_DEPTH = 32
INT64 = (-(2**63), 2**63 - 1)

_SUSPECT = re.compile(
    rb"\d{19}|[eE][+-]?\d{3}|\\u0000|\\u[dD][89a-fA-F]|NaN|Infinity|[\[{]{"
    + str(MAX_DEPTH).encode()
    + rb"}"
)


class BadInput(DomainError):
    """A value no column or encoding can take."""


def strict_loads(body: bytes | str) -> Any:
    """``json.loads`` that refuses what would fail later as a 500 (module docstring)."""
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    try:
        data = json.loads(raw)
    except RecursionError:
        raise BadInput(_("the body is nested too deeply"), field="body") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput(
            _("the body is not valid JSON: %(error)s"), field="body", error=str(exc)
        ) from None
    if _SUSPECT.search(raw):
        check(data)
    return data


def _loc(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "body"


def _field(path: tuple[str | int, ...]) -> str:
    """The top-level key the value sits under (what the client sent), else the whole path."""
    return str(path[0]) if path and isinstance(path[0], str) else _loc(path)


def check(value: Any, path: tuple[str | int, ...] = ()) -> None:
    """Raise :class:`BadInput` naming the first value under ``path`` no column could take."""
    if len(path) > MAX_DEPTH:
        raise BadInput(
            _("%(where)s is nested deeper than %(max)s levels"),
            field=_field(path),
            max=MAX_DEPTH,
            where=_loc(path),
        )
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        if not INT64[0] <= value <= INT64[1]:
            raise BadInput(
                _("%(where)s: the number is out of range"), field=_field(path), where=_loc(path)
            )
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadInput(
                _("%(where)s: the number is out of range"), field=_field(path), where=_loc(path)
            )
        return
    if isinstance(value, str):
        check_text(value, path)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            check_text(k, path)
            check(v, (*path, k))
        return
    if isinstance(value, list):
        for i, v in enumerate(value):
            check(v, (*path, i))


def check_text(text: str, path: tuple[str | int, ...] = ()) -> None:
    """Refuse a NUL character or a lone surrogate in ``text``."""
    if "\x00" in text:
        raise BadInput(
            _("%(where)s contains a NUL character"), field=_field(path), where=_loc(path)
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(
            _("%(where)s contains an invalid character (a lone surrogate)"),
            field=_field(path),
            where=_loc(path),
        ) from None


class StrictParser(Parser):
    """django-ninja's body parser through :func:`strict_loads`."""

    def parse_body(self, request: HttpRequest) -> Any:
        return strict_loads(request.body)


_WHOLE_NUMBER = re.compile(r"[+-]?\d{19,}")


class QueryGuardMiddleware:
    """A query string with a NUL character, or (to the API) a whole number beyond 64 bits such as
    ``?page=1180591620717411303424``, is a 400 naming the parameter, not a database error. No
    parameter of the platform takes such a number: ids, pages and limits are 64-bit, and the
    longest codes searched for (credit codes, SSCCs) have 18 characters."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        for key, values in request.GET.lists():
            error = None
            if "\x00" in key or any("\x00" in v for v in values):
                error = BadInput(_("%(where)s contains a NUL character"), field=key, where=key)
            elif api and any(
                _WHOLE_NUMBER.fullmatch(v) and not INT64[0] <= int(v) <= INT64[1] for v in values
            ):
                error = BadInput(_("%(where)s: the number is out of range"), field=key, where=key)
            if error is None:
                continue
            if api:
                detail = {"loc": ["query", key], "msg": str(error), "type": "value_error"}
                return JsonResponse({"detail": [detail]}, status=400)
            return render(
                request, "core/error.html", {"status": 400, "message": str(error)}, status=400
            )
        return self.get_response(request)


def out_of_range(exc: Exception) -> BadInput:
    """The refusal for an ``OverflowError`` or a database ``DataError`` that reached the top of a
    request (an id or page number beyond 64 bits in a URL): a 4xx, never a 500."""
    return BadInput(_("a number or text in the request is out of range for the platform"))


def patch_data(payload: Any, model: type[Model], **dump: Any) -> dict[str, Any]:
    """The fields a PATCH body gives, refusing ``null`` for a field the record must have (a
    422 naming it, rather than a database error or a silently ignored change). ``payload`` is a
    ninja ``Schema``; its keys are the model's fields (``site`` for ``site_id``)."""
    data: dict[str, Any] = payload.model_dump(exclude_unset=True, **dump)
    for key, value in data.items():
        if value is not None:
            continue
        try:
            column = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if not getattr(column, "null", True):
            raise BadInput(_("%(where)s may not be null"), field=key, where=key)
    return data
