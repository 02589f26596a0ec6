"""Chain evaluation: a leading enterprise invites suppliers; a supplier accepts (granting consent), declines or withdraws."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    Forbidden,
    may_lead_chain,
)
from qualitas.core.audit import AuditRecord, audit_append, audit_append_many
from qualitas.core.choices import ConsentScope
from qualitas.core.models import Consent
from qualitas.evaluation.choices import (
    InvitationStatus,
)
from qualitas.evaluation.models import (
    ChainInvitation,
)
from qualitas.evaluation.services._common import EvaluationError, _own_enterprise
from qualitas.registry.models import Enterprise


def chain_invite(
    *, actor: Actor, credit_codes: Iterable[str], required_level: int = 3
) -> tuple[list[ChainInvitation], list[str]]:
    """A leading enterprise invites suppliers by credit code; returns (invitations, problems per code)."""
    if not may_lead_chain(actor):
        raise Forbidden(_("only enterprise users invite suppliers"))
    if required_level not in (1, 2, 3, 4, 5):
        raise EvaluationError(_("required level must be 1–5"), field="required_level")
    codes = [c.strip().upper() for c in credit_codes if c.strip()]
    found = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    problems, created = [], []
    with transaction.atomic():
        for code in dict.fromkeys(codes):
            e = found.get(code)
            if e is None:
                problems.append(_("%(code)s: no registered enterprise") % {"code": code})
                continue
            if e.pk == actor.enterprise_id:
                problems.append(_("%(code)s: that is your own enterprise") % {"code": code})
                continue
            inv, new = ChainInvitation.objects.get_or_create(
                leader_id=actor.enterprise_id,
                supplier=e,
                defaults={"required_level": required_level, "invited_by": actor.user},
            )
            if not new:
                problems.append(_("%(code)s: already invited") % {"code": code})
                continue
            created.append(inv)
        audit_append_many(
            actor=actor.user,
            records=[
                AuditRecord(
                    action="invite",
                    model="evaluation.chaininvitation",
                    object_pk=str(i.pk),
                    changes={
                        "leader": i.leader_id,
                        "supplier": i.supplier_id,
                        "required_level": required_level,
                    },
                )
                for i in created
            ],
        )
    return created, problems


def chain_respond(*, actor: Actor, invitation: ChainInvitation, accept: bool) -> ChainInvitation:
    """The supplier accepts (granting consent, scope ``capability``, to the leading enterprise:
    every enterprise user of the leader sees its level and scores) or declines."""
    _own_enterprise(actor, invitation.supplier_id)
    if invitation.status != InvitationStatus.PENDING:
        raise EvaluationError(_("this invitation has been answered"), field="status")
    from qualitas.core.services import consent_grant

    with transaction.atomic():
        if accept:
            invitation.consent = consent_grant(
                actor=actor,
                enterprise_id=invitation.supplier_id,
                scope=ConsentScope.CAPABILITY,
                grantee_enterprise_id=invitation.leader_id,
            )
        invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
        invitation.responded_by = actor.user
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["status", "consent", "responded_by", "responded_at"])
        audit_append(
            actor=actor.user,
            action="accept" if accept else "decline",
            model="evaluation.chaininvitation",
            object_pk=invitation.pk,
            changes={"leader": invitation.leader_id},
        )
    return invitation


def chain_withdraw(*, actor: Actor, invitation: ChainInvitation) -> ChainInvitation:
    """The supplier withdraws its consent: the leader no longer sees its level and scores."""
    _own_enterprise(actor, invitation.supplier_id)
    if invitation.status != InvitationStatus.ACCEPTED or invitation.consent is None:
        raise EvaluationError(_("nothing to withdraw"), field="status")
    from qualitas.core.services import consent_withdraw

    with transaction.atomic():
        consent_withdraw(actor=actor, consent=invitation.consent)
        invitation.status = InvitationStatus.WITHDRAWN
        invitation.save(update_fields=["status"])
        audit_append(
            actor=actor.user,
            action="withdraw",
            model="evaluation.chaininvitation",
            object_pk=invitation.pk,
            changes={},
        )
    return invitation


def chain_consent_active(invitation: ChainInvitation) -> bool:
    """Whether the supplier's consent behind an accepted invitation still stands."""
    if invitation.status != InvitationStatus.ACCEPTED or invitation.consent_id is None:
        return False
    return Consent.objects.filter(pk=invitation.consent_id, withdrawn_at__isnull=True).exists()
