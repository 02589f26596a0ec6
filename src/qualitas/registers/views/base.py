"""What the register pages share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from qualitas.core.access import NotFound, actor_for, may_keep_registers
from qualitas.core.errors import DomainError


def fail(form: forms.Form, exc: DomainError) -> None:
    """Show a refusal on its field (or on the form when the field is not on it)."""
    name = exc.field if exc.field in form.fields else None
    form.add_error(name, str(exc))


def keeper(request: HttpRequest) -> Any:
    """The actor of an officers' page: officers and admins; others get "not found"."""
    actor = actor_for(request.user)
    if not may_keep_registers(actor):
        raise NotFound
    return actor
