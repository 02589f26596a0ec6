"""Pages of the platform core. Thin: call selectors, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from qualitas.core.access import actor_for
from qualitas.registry.selectors import home_counts


def home(request: HttpRequest) -> HttpResponse:
    """The home page: search box, headline counts and the visitor's role panel."""
    actor = actor_for(request.user)
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    context = {
        "counts": home_counts(),
        "regions": [r.name for r in profile.regions.all()] if profile else [],
        "institution": profile.institution if profile else None,
        "actor": actor,
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """A trivial JSON view: liveness, and the baseline of the API throughput benchmark."""
    return JsonResponse({"ok": True})
