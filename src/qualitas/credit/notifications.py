"""The credit app's deadlines (``core.providers.deadline_provider``): officers hear of credit
repairs and appeals of ratings of their regions waiting for a decision that is due within the
notice period or overdue (one notification per deadline, at login or by
``qualitas notify-deadlines``). Registered from ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_noop

from qualitas.core.access import Actor, sees_credit_desk
from qualitas.core.providers import Deadline, deadline_provider
from qualitas.credit import selectors
from qualitas.credit.choices import AppealStatus, RepairStatus

MAX_PER_LOGIN = 20


def _name(enterprise: Any) -> dict[str, str]:
    return {"zh": enterprise.name_zh, "en": enterprise.name_en or ""}


@deadline_provider
def credit_deadlines(actor: Actor, today: date) -> Iterator[Deadline]:
    """Officers: repairs and appeals still to decide, due soon or overdue."""
    if not sees_credit_desk(actor):
        return
    soon = today + timedelta(days=settings.QUALITAS["DEADLINE_NOTICE_DAYS"])
    repairs = (
        selectors.repairs_for(actor=actor)
        .filter(status=RepairStatus.SUBMITTED, due_on__lte=soon)
        .order_by("due_on", "pk")[:MAX_PER_LOGIN]
    )
    for q in repairs:
        yield Deadline(
            key=f"credit.repair:{q.pk}:due:{q.due_on.isoformat()}",
            message=gettext_noop("The credit repair of %(enterprise)s is to be decided by %(day)s.")
            if q.due_on >= today
            else gettext_noop("The credit repair of %(enterprise)s was to be decided by %(day)s."),
            params={"enterprise": _name(q.enterprise), "day": q.due_on.isoformat()},
            url=reverse("credit:repair", args=[q.pk]),
            source_app="credit",
        )
    appeals = (
        selectors.appeals_for(actor=actor)
        .filter(status=AppealStatus.SUBMITTED, due_on__lte=soon)
        .order_by("due_on", "pk")[:MAX_PER_LOGIN]
    )
    for a in appeals:
        yield Deadline(
            key=f"credit.appeal:{a.pk}:due:{a.due_on.isoformat()}",
            message=gettext_noop(
                "The appeal of the rating of %(enterprise)s is to be decided by %(day)s."
            )
            if a.due_on >= today
            else gettext_noop(
                "The appeal of the rating of %(enterprise)s was to be decided by %(day)s."
            ),
            params={"enterprise": _name(a.enterprise), "day": a.due_on.isoformat()},
            url=reverse("credit:appeal", args=[a.pk]),
            source_app="credit",
        )
