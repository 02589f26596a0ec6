"""Evaluation teams: conflicts of interest, qualifications, the manager's assignment of evaluators, declarations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    actor_for,
    may_assign_team,
    may_declare_interest,
    may_join_team,
)
from qualitas.core.audit import audit_append
from qualitas.evaluation.choices import (
    AssignmentStatus,
)
from qualitas.evaluation.models import (
    Assignment,
    COIDeclaration,
    Qualification,
)
from qualitas.evaluation.notifications import notify_team
from qualitas.evaluation.services._common import EvaluationError, _setting, _years_after
from qualitas.registry.models import Enterprise


@dataclass(frozen=True, kw_only=True)
class Conflict:
    """Why an evaluator may not evaluate an enterprise."""

    reason: str
    declaration_id: int | None = None


def coi_conflicts(*, user: Any, enterprise: Enterprise, on: date) -> list[Conflict]:
    """Declared ties of ``user`` with ``enterprise`` that still bar them on ``on``: the tie began
    on or before ``on`` and has not ended, or ended less than the cooling-off period
    (``QUALITAS["COI_COOLING_OFF_YEARS"]``, default 3) before ``on``."""
    years = int(_setting("COI_COOLING_OFF_YEARS", 3))
    out = []
    for d in COIDeclaration.objects.filter(
        user=user, enterprise=enterprise, started_on__lte=on
    ).order_by("-started_on"):
        if d.ended_on is None:
            out.append(
                Conflict(
                    declaration_id=d.pk,
                    reason=_(
                        "%(user)s: declared %(kind)s tie with %(enterprise)s since %(since)s, "
                        "still continuing"
                    )
                    % {
                        "user": user.username,
                        "kind": d.get_kind_display(),
                        "enterprise": enterprise.name,
                        "since": d.started_on.isoformat(),
                    },
                )
            )
            continue
        clear = _years_after(d.ended_on, years)
        if on < clear:
            out.append(
                Conflict(
                    declaration_id=d.pk,
                    reason=_(
                        "%(user)s: %(kind)s tie with %(enterprise)s ended %(ended)s; the "
                        "%(years)d-year cooling-off period runs until %(clear)s"
                    )
                    % {
                        "user": user.username,
                        "kind": d.get_kind_display(),
                        "enterprise": enterprise.name,
                        "ended": d.ended_on.isoformat(),
                        "years": years,
                        "clear": clear.isoformat(),
                    },
                )
            )
    return out


def qualification_problems(*, user: Any, enterprise: Enterprise, on: date) -> list[str]:
    """Why an evaluator lacks a valid qualification covering the enterprise's industry on ``on`` (empty: fine)."""
    quals = list(Qualification.objects.filter(user=user, valid_from__lte=on))
    valid = [q for q in quals if q.valid_until is None or q.valid_until >= on]
    if not valid:
        return [
            _("%(user)s: no evaluator qualification valid on %(day)s")
            % {"user": user.username, "day": on.isoformat()}
        ]
    covering = [
        q
        for q in valid
        if not q.industries.strip()
        or enterprise.industry_id in q.industries.replace(",", " ").split()
    ]
    if not covering:
        return [
            _("%(user)s: qualifications do not cover industry %(industry)s")
            % {"user": user.username, "industry": enterprise.industry_id}
        ]
    return []


def assignment_assign_evaluators(
    *, actor: Actor, assignment: Assignment, lead: Any, evaluators: Iterable[Any] = ()
) -> Assignment:
    """Institution manager: put a team (lead first) on an assignment of their institution.

    Refused, with the reason, for any member who is not an evaluator of the institution, has no
    valid qualification covering the industry, or has a declared tie to the enterprise within
    the cooling-off period."""
    if not may_assign_team(actor, assignment.institution_id):
        raise NotFound
    if assignment.status not in (AssignmentStatus.PENDING, AssignmentStatus.ASSIGNED):
        raise EvaluationError(
            _("scores are already submitted: the team cannot change"),
            field="evaluators",
        )
    team = [lead, *[e for e in evaluators if e.pk != lead.pk]]
    today = timezone.localdate()
    problems: list[str] = []
    enterprise = assignment.enterprise
    for user in team:
        if not may_join_team(actor_for(user), assignment.institution_id):
            problems.append(
                _("%(user)s: not an evaluator of this institution") % {"user": user.username}
            )
            continue
        problems += [c.reason for c in coi_conflicts(user=user, enterprise=enterprise, on=today)]
        problems += qualification_problems(user=user, enterprise=enterprise, on=today)
    if problems:
        raise EvaluationError("; ".join(problems), field="evaluators")
    with transaction.atomic():
        assignment.lead = lead
        assignment.status = AssignmentStatus.ASSIGNED
        assignment.save(update_fields=["lead", "status", "updated_at"])
        assignment.evaluators.set(team)
        audit_append(
            actor=actor.user,
            action="assign_evaluators",
            model="evaluation.assignment",
            object_pk=assignment.pk,
            changes={"lead": lead.username, "team": [u.username for u in team]},
        )
        notify_team(assignment, team)
    return assignment


def coi_declare(
    *,
    actor: Actor,
    enterprise: Enterprise,
    kind: str,
    started_on: date,
    ended_on: date | None = None,
    note: str = "",
) -> COIDeclaration:
    """An evaluator declares a tie with an enterprise (dated)."""
    if not may_declare_interest(actor):
        raise Forbidden(_("only evaluators declare ties"))
    if ended_on is not None and ended_on < started_on:
        raise EvaluationError(_("the end lies before the start"), field="ended_on")
    with transaction.atomic():
        d = COIDeclaration.objects.create(
            user=actor.user,
            enterprise=enterprise,
            kind=kind,
            started_on=started_on,
            ended_on=ended_on,
            note=note,
        )
        audit_append(
            actor=actor.user,
            action="declare",
            model="evaluation.coideclaration",
            object_pk=d.pk,
            changes={
                "enterprise": enterprise.pk,
                "kind": kind,
                "from": started_on.isoformat(),
                "until": ended_on.isoformat() if ended_on else None,
            },
        )
    return d
