"""The EPCIS 2.0 REST binding at ``/epcis/`` (JSON-LD; capture also in the XML binding):
capture, events, named queries, subscriptions.

Plain Django views, because the binding fixes its own status codes, media types and headers:
``POST /epcis/capture`` answers 202 with ``Location: /epcis/capture/{captureID}``; every answer
carries ``GS1-EPCIS-Version`` and ``GS1-CBV-Version``; ``OPTIONS /epcis/capture`` advertises the
capture limits; refusals are RFC 7807 problem details with the standard's exception types.
Sessions (with CSRF) and bearer tokens (``traceability:read`` / ``traceability:write``,
``core.bearer``) both work; anonymous requests are refused (the public never sees events).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitas.core.access import Actor, NotFound, actor_for
from qualitas.traceability import selectors, services
from qualitas.traceability.documents import query_document
from qualitas.traceability.errors import EpcisProblem
from qualitas.traceability.models import Capture, Subscription

EPCIS_VERSION = "2.0.0"
CBV_VERSION = "2.0.0"
JSON_LD = "application/ld+json"

_TITLES = {
    "epcisException:ValidationException": "The document or request is not valid",
    "epcisException:CaptureLimitExceededException": "Capture limit exceeded",
    "epcisException:QueryParameterException": "Invalid query parameter",
    "epcisException:NoSuchResourceException": "No such resource",
    "epcisException:SecurityException": "Not allowed",
    "epcisException:ResourceAlreadyExistsException": "The resource already exists",
    "epcisException:UnsupportedMediaTypeException": "Unsupported media type",
}


def _headers(response: HttpResponse) -> HttpResponse:
    response["GS1-EPCIS-Version"] = EPCIS_VERSION
    response["GS1-CBV-Version"] = CBV_VERSION
    return response


def _json(data: Any, *, status: int = 200, content_type: str = JSON_LD) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, default=str)
    return _headers(
        HttpResponse(body, status=status, content_type=f"{content_type}; charset=utf-8")
    )


def problem(
    problem_type: str,
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    instance: str = "",
) -> HttpResponse:
    """An RFC 7807 problem with the standard's exception type."""
    data: dict[str, Any] = {
        "type": problem_type,
        "title": _(_TITLES.get(problem_type, "Error")),
        "status": status,
        "detail": detail,
    }
    if instance:
        data["instance"] = instance
    if errors:
        data["errors"] = errors
    return _json(data, status=status, content_type="application/problem+json")


def _titles_for_catalogue() -> None:  # the titles above, for the message catalogue
    _("The document or request is not valid")
    _("Capture limit exceeded")
    _("Invalid query parameter")
    _("No such resource")
    _("Not allowed")
    _("The resource already exists")
    _("Unsupported media type")
    _("Error")


def epcis_view(fn: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Authenticated EPCIS endpoint: the actor, and every refusal as a problem response."""

    @wraps(fn)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_for(request.user)
        if actor.is_public:
            response = problem(
                "epcisException:SecurityException",
                401,
                _("Authentication required (a session or a bearer token)."),
            )
            response["WWW-Authenticate"] = "Bearer"
            return response
        try:
            return fn(request, actor, *args, **kwargs)
        except NotFound:
            return problem(
                "epcisException:NoSuchResourceException", 404, _("Not found"), instance=request.path
            )
        except EpcisProblem as exc:
            return problem(
                exc.problem_type, exc.status, str(exc), errors=exc.errors, instance=request.path
            )

    return wrapper


def _capture_json(capture: Capture) -> dict[str, Any]:
    running = capture.status == "running"
    duplicates = {d["eventIndex"]: d for d in capture.duplicates}
    errors = {e["eventIndex"]: e for e in capture.errors}
    return {
        "captureID": str(capture.capture_id),
        "createdAt": capture.created_at,
        "finishedAt": capture.finished_at,
        "running": running,
        "success": capture.status == "success" and not capture.errors,
        "captureErrorBehaviour": capture.error_behaviour,
        "status": capture.status,
        "eventCount": capture.event_count,
        "storedCount": capture.stored_count,
        "duplicateCount": capture.duplicate_count,
        "errors": [
            {
                "type": e.get("type", "epcisException:ValidationException"),
                "eventIndex": e["eventIndex"],
                "eventID": e.get("eventID"),
                "pointer": e.get("pointer"),
                "detail": e.get("detail"),
            }
            for e in capture.errors
        ],
        "events": (
            []
            if running
            else [
                {
                    "eventIndex": i,
                    "status": "error"
                    if i in errors
                    else "duplicate"
                    if i in duplicates
                    else ("rolled back" if capture.status == "failed" else "stored"),
                    **({"eventID": duplicates[i]["eventID"]} if i in duplicates else {}),
                }
                for i in range(capture.event_count)
            ]
        ),
    }


@require_http_methods(["GET", "POST", "OPTIONS"])
@epcis_view
def capture(request: HttpRequest, actor: Actor) -> HttpResponse:
    """``POST``: capture a document (202 + Location); ``GET``: the actor's captures; ``OPTIONS``: limits."""
    if request.method == "OPTIONS":
        response = _headers(HttpResponse(status=204))
        response["Allow"] = "GET, POST, OPTIONS"
        response["GS1-EPCIS-Capture-Limit"] = str(services.CAPTURE_MAX_EVENTS)
        response["GS1-EPCIS-Capture-File-Size-Limit"] = str(services.CAPTURE_MAX_BYTES)
        response["GS1-EPCIS-Capture-Error-Behaviour"] = "rollback, proceed"
        return response
    if request.method == "GET":
        rows = selectors.captures_for(actor=actor)
        return _json(
            {"captures": [_capture_json(c) for c in rows]}, content_type="application/json"
        )
    kind = (request.content_type or "").lower()
    if kind in ("application/xml", "text/xml"):
        document = services.parse_xml_document(request.body)
    elif kind in ("application/json", "application/ld+json"):
        document = services.parse_document(request.body)
    else:
        raise EpcisProblem(
            _("Send the document as application/ld+json, application/json or application/xml."),
            problem_type="epcisException:UnsupportedMediaTypeException",
            status=415,
        )
    behaviour = request.headers.get("GS1-Capture-Error-Behaviour", "rollback").strip().lower()
    job = services.capture_submit(actor=actor, document=document, error_behaviour=behaviour)
    response = _headers(HttpResponse(status=202))
    response["Location"] = f"/epcis/capture/{job.capture_id}"
    return response


@require_http_methods(["GET"])
@epcis_view
def capture_status(request: HttpRequest, actor: Actor, capture_id: str) -> HttpResponse:
    """One capture: running, success, and the outcome of every event."""
    job = selectors.capture_get(actor=actor, capture_id=capture_id)
    return _json(_capture_json(job), content_type="application/json")


def _page_response(
    request: HttpRequest, page: selectors.EventPage, *, query_name: str = "SimpleEventQuery"
) -> HttpResponse:
    response = _json(query_document(page.events, query_name=query_name))
    if page.next_token:
        params = {k: v for k, v in page.params.items() if k != "nextPageToken"}
        params["nextPageToken"] = page.next_token
        response["Link"] = f'<{request.path}?{urlencode(params)}>; rel="next"'
        response["GS1-Next-Page-Token"] = page.next_token
    return response


@require_http_methods(["GET"])
@epcis_view
def events(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The events the actor may read that match the standard's query parameters, one page."""
    page = selectors.events_query(actor=actor, params={k: str(v) for k, v in request.GET.items()})
    return _page_response(request, page)


@require_http_methods(["GET"])
@epcis_view
def event(request: HttpRequest, actor: Actor, event_id: str) -> HttpResponse:
    """One event by its eventID."""
    return _json(selectors.event_get(actor=actor, event_id=event_id).document)


@require_http_methods(["GET", "POST"])
@epcis_view
def queries(request: HttpRequest, actor: Actor) -> HttpResponse:
    """``GET``: the actor's named queries; ``POST {name, query}``: a new one (201 + Location)."""
    if request.method == "GET":
        return _json(
            [{"name": q.name, "query": q.params} for q in selectors.queries_for(actor=actor)],
            content_type="application/json",
        )
    data = services.parse_document(request.body)
    named = services.query_create(actor=actor, data=data)
    response = _headers(HttpResponse(status=201))
    response["Location"] = f"/epcis/queries/{named.name}"
    return response


@require_http_methods(["GET", "DELETE"])
@epcis_view
def query(request: HttpRequest, actor: Actor, name: str) -> HttpResponse:
    """One named query; ``DELETE`` removes it with its subscriptions."""
    named = selectors.query_get(actor=actor, name=name)
    if request.method == "DELETE":
        services.query_delete(actor=actor, query=named)
        return _headers(HttpResponse(status=204))
    return _json({"name": named.name, "query": named.params}, content_type="application/json")


@require_http_methods(["GET"])
@epcis_view
def query_events(request: HttpRequest, actor: Actor, name: str) -> HttpResponse:
    """The events of a named query (its parameters, with this request's paging)."""
    named = selectors.query_get(actor=actor, name=name)
    params = {
        **named.params,
        **{k: v for k, v in request.GET.items() if k in ("perPage", "nextPageToken")},
    }
    page = selectors.events_query(actor=actor, params=params)
    return _page_response(request, page, query_name=named.name)


def _subscription_json(s: Subscription) -> dict[str, Any]:
    return {
        "subscriptionID": str(s.subscription_id),
        "dest": s.dest,
        "stream": s.stream,
        "reportIfEmpty": s.report_if_empty,
        "createdAt": s.created_at,
        "lastNotifiedAt": s.last_sent_at,
    }


@require_http_methods(["GET", "POST"])
@epcis_view
def subscriptions(request: HttpRequest, actor: Actor, name: str) -> HttpResponse:
    """``GET``: the subscriptions of a named query; ``POST {dest, stream}``: a webhook (201)."""
    named = selectors.query_get(actor=actor, name=name)
    if request.method == "GET":
        return _json(
            [_subscription_json(s) for s in named.subscriptions.all()],
            content_type="application/json",
        )
    data = services.parse_document(request.body)
    sub = services.subscription_create(actor=actor, query=named, data=data)
    response = _json(_subscription_json(sub), status=201, content_type="application/json")
    response["Location"] = f"/epcis/queries/{named.name}/subscriptions/{sub.subscription_id}"
    return response
