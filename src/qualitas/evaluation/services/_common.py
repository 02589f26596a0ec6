"""What the evaluation services share: the error type, settings, dates, the own-enterprise and requirement checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    NotFound,
    may_act_for_enterprise,
)
from qualitas.core.errors import DomainError
from qualitas.evaluation.choices import (
    Answer,
)
from qualitas.evaluation.models import (
    Requirement,
)
from qualitas.evaluation.selectors._common import years_after


class EvaluationError(DomainError):
    """A write refused for a reason the user can fix; ``field`` names the input."""


def _setting(name: str, default: Any) -> Any:
    return settings.QUALITAS.get(name, default)


def _years_after(day: date, years: int) -> date:
    return years_after(day, years)


def _own_enterprise(actor: Actor, enterprise_id: int) -> None:
    if not may_act_for_enterprise(actor, enterprise_id):
        raise NotFound


def _requirement_of(framework_id: int, requirement_id: int) -> Requirement:
    req = Requirement.objects.filter(pk=requirement_id, framework_id=framework_id).first()
    if req is None:
        raise EvaluationError(_("no such requirement in this framework"), field="requirement")
    return req


def _check_value(req: Requirement, value: str) -> None:
    if value not in Answer.values:
        raise EvaluationError(
            _("answer must be one of %(choices)s"),
            field="value",
            choices=", ".join(Answer.values),
        )
    if value == Answer.NA and not req.na_allowed:
        raise EvaluationError(
            _("%(code)s: 'not applicable' is not allowed here"),
            field="value",
            code=req.code,
        )
