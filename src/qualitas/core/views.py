"""Pages of the platform core. Thin: call selectors, render.

Besides the home page this module holds the error pages (``handler403``/``handler404``/
``handler500`` of ``config/urls.py``, and the CSRF failure view): each in the page's
language, with the site header and links back, so a refused or missing page never leaves a
user stranded. The 500 page renders without a request context and without the database (the
database may be why the request failed).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from qualitas.core.access import actor_for
from qualitas.core.providers import collect_headline, collect_todo


def home(request: HttpRequest) -> HttpResponse:
    """The home page: for a signed-in user their to-do list first (each count a link to the page
    listing those things, from every app through ``core.providers.collect_todo``), then the
    search box and the headline counts."""
    actor = actor_for(request.user)
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    context = {
        "counts": collect_headline(),
        "regions": [r.name for r in profile.regions.all()]
        if profile and actor.region_codes
        else [],
        "institution": profile.institution if profile and profile.institution_id else None,
        "enterprise": profile.enterprise if profile and profile.enterprise_id else None,
        "actor": actor,
        "todo": [] if actor.is_public else collect_todo(actor),
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness for a load balancer: 200 when the database answers ``SELECT 1``, else 503 (a
    database that is down is not "ok"). Also the baseline of the API throughput benchmarks."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"ok": False, "database": "unavailable"}, status=503)
    return JsonResponse({"ok": True})


# --------------------------------------------------------------------------------------------
# Error pages
# --------------------------------------------------------------------------------------------


def _back(request: HttpRequest) -> str:
    """The page the user came from, when it is on this site (else empty: no link)."""
    referer = str(request.META.get("HTTP_REFERER", ""))
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _error_response(request: HttpRequest, *, status: int, title: str, message: str) -> HttpResponse:
    """``core/<status>.html`` with the site header (context processors run) and the ways back."""
    context = {
        "status": status,
        "title": title,
        "message": message,
        "back": _back(request),
        "path": request.get_full_path(),
    }
    return render(request, f"core/{status}.html", context, status=status)


API_PREFIX = "/api/"


@requires_csrf_token
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: missing, or not the user's to see (deliberately the same page). Under ``/api/``
    (a URL no endpoint matches) the API's own JSON answer, as ``config/api.py`` gives it."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found")}, status=404)
    message = _(
        "This page does not exist, or it is not one you may see. "
        "A link may be out of date, or the record may have been removed."
    )
    return _error_response(request, status=404, title=_("Page not found"), message=message)


@requires_csrf_token
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: the user may see this but not do it; the refusal's own message when it has one."""
    reason = str(exception) if exception is not None else ""
    message = reason or _("Your role does not allow this action.")
    return _error_response(request, status=403, title=_("Not allowed"), message=message)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token (``CSRF_FAILURE_VIEW``): usually a page left
    open across a log-in or log-out. Say so and offer the way back."""
    message = _(
        "The form was sent from a page that is no longer valid, for example after you "
        "logged in or out in another tab. Go back, reload the page and send it again."
    )
    return _error_response(request, status=403, title=_("The form has expired"), message=message)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: rendered without a request context or the database (either may be what failed)."""
    template = loader.get_template("core/500.html")
    return HttpResponseServerError(template.render({"status": 500}))
