"""Surveillance and standing of a published certificate (issue 13).

Each year of a certificate's validity has a surveillance evaluation, due on the anniversary of
its publication (:func:`~qualitas.evaluation.selectors.surveillance_schedule`); the issuing
institution records its outcome. A failed surveillance suspends the certificate at once, with
the findings as grounds. The institution may also suspend, reinstate or withdraw a certificate,
always with grounds. The published result itself never changes: each step is a
:class:`CertificateAction` or :class:`Surveillance` row, audited, and the public verification
page reads the latest standing.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, Forbidden, may_manage_certificate
from qualitas.core.audit import audit_append
from qualitas.evaluation.choices import CertificateActionKind, ResultStatus, SurveillanceOutcome
from qualitas.evaluation.models import CertificateAction, Result, Surveillance
from qualitas.evaluation.notifications import notify_certificate_action
from qualitas.evaluation.selectors.surveillance import certificate_standing, surveillance_schedule
from qualitas.evaluation.services._common import EvaluationError


def _certificate_of_staff(actor: Actor, result: Result) -> None:
    if not may_manage_certificate(actor, result.institution_id):
        raise Forbidden(_("only the issuing institution's staff act on its certificates"))
    if result.status != ResultStatus.PUBLISHED or not result.certificate_code:
        raise EvaluationError(_("only a published certificate can be acted on"), field="status")
    standing = certificate_standing(result)
    if standing is not None and standing.kind == CertificateActionKind.WITHDRAW:
        raise EvaluationError(
            _("the certificate is withdrawn: nothing more can be done to it"), field="status"
        )


def certificate_act(*, actor: Actor, result: Result, kind: str, grounds: str) -> CertificateAction:
    """Suspend, reinstate or withdraw ``result``'s certificate, with grounds (required)."""
    _certificate_of_staff(actor, result)
    if kind not in CertificateActionKind.values:
        raise EvaluationError(_("choose suspend, reinstate or withdraw"), field="kind")
    standing = certificate_standing(result)
    suspended = standing is not None and standing.kind == CertificateActionKind.SUSPEND
    if kind == CertificateActionKind.SUSPEND and suspended:
        raise EvaluationError(_("the certificate is already suspended"), field="kind")
    if kind == CertificateActionKind.REINSTATE and not suspended:
        raise EvaluationError(_("only a suspended certificate is reinstated"), field="kind")
    if (
        kind != CertificateActionKind.WITHDRAW
        and result.valid_until
        and result.valid_until < timezone.localdate()
    ):
        raise EvaluationError(_("the certificate has expired"), field="status")
    if not grounds.strip():
        raise EvaluationError(_("give the grounds"), field="grounds")
    return _act(actor, result, kind, grounds.strip())


def _act(actor: Actor, result: Result, kind: str, grounds: str) -> CertificateAction:
    with transaction.atomic():
        action = CertificateAction.objects.create(
            result=result,
            kind=kind,
            grounds=grounds,
            effective_on=timezone.localdate(),
            by=actor.user,
        )
        audit_append(
            actor=actor.user,
            action=f"certificate_{kind}",
            model="evaluation.result",
            object_pk=result.pk,
            changes={"certificate": result.certificate_code, "grounds": grounds},
        )
        notify_certificate_action(action)
    return action


def surveillance_record(
    *,
    actor: Actor,
    result: Result,
    year: int | None,
    visited_on: date | None,
    outcome: str,
    findings: str = "",
) -> Surveillance:
    """Record the surveillance evaluation of one year of validity; a failed one suspends the
    certificate with the findings as grounds."""
    _certificate_of_staff(actor, result)
    due = dict(surveillance_schedule(result))
    if year not in due:
        raise EvaluationError(
            _("no surveillance is due in year %(year)s of this certificate"),
            field="year",
            year=year,
        )
    if Surveillance.objects.filter(result=result, year=year).exists():
        raise EvaluationError(
            _("the surveillance of year %(year)s is already recorded"), field="year", year=year
        )
    if visited_on is None or visited_on > timezone.localdate():
        raise EvaluationError(_("the visit date cannot lie in the future"), field="visited_on")
    if outcome not in SurveillanceOutcome.values:
        raise EvaluationError(_("choose passed or failed"), field="outcome")
    if outcome == SurveillanceOutcome.FAILED and not findings.strip():
        raise EvaluationError(_("give the findings of a failed surveillance"), field="findings")
    with transaction.atomic():
        row = Surveillance.objects.create(
            result=result,
            year=year,
            due_on=due[year],
            visited_on=visited_on,
            outcome=outcome,
            findings=findings.strip(),
            by=actor.user,
        )
        audit_append(
            actor=actor.user,
            action="surveillance",
            model="evaluation.result",
            object_pk=result.pk,
            changes={"year": year, "outcome": outcome, "visited_on": visited_on.isoformat()},
        )
        standing = certificate_standing(result)
        if outcome == SurveillanceOutcome.FAILED and (
            standing is None or standing.kind != CertificateActionKind.SUSPEND
        ):
            _act(actor, result, CertificateActionKind.SUSPEND, row.findings)
    return row
