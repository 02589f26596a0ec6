"""Request types for type checking the pages.

``django_htmx.middleware.HtmxMiddleware`` (in ``MIDDLEWARE``) sets ``request.htmx`` on every
request; django-stubs' ``HttpRequest`` does not know the attribute, so pages that read it take
an :class:`HtmxHttpRequest` (the pattern django-htmx documents). Pages behind
``login_required`` that use the user as a ``User`` take an :class:`AuthenticatedHtmxHttpRequest`.
Annotations only: nothing changes at run time.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through ``HtmxMiddleware``."""

    htmx: HtmxDetails


class AuthenticatedHtmxHttpRequest(HtmxHttpRequest):
    """A request of a signed-in user (views behind ``login_required``)."""

    user: User
