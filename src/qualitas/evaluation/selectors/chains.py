"""The leader's chain (suppliers whose consent stands) and the invitations a supplier received."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from qualitas.analytics.maturity import (
    ChainConsistency,
    ChainMember,
    chain_consistency,
)
from qualitas.core.access import (
    Actor,
    NotFound,
    may_lead_chain,
)
from qualitas.evaluation.choices import (
    AssessmentStatus,
    InvitationStatus,
    ResultStatus,
)
from qualitas.evaluation.models import (
    Assessment,
    ChainInvitation,
    Result,
)


@dataclass(frozen=True)
class ChainRow:
    """One supplier of the leader's chain, as the chain page shows it and the API returns it."""

    invitation: ChainInvitation
    level: int
    dims: Mapping[str, float | None]
    source: str  # "official", "self" or "none"
    meets: bool

    @property
    def supplier(self) -> int:
        return self.invitation.supplier_id

    @property
    def name(self) -> str:
        return self.invitation.supplier.name_zh

    @property
    def dimension_scores(self) -> dict[str, float | None]:
        return dict(self.dims)


@dataclass(frozen=True)
class ChainView:
    """The leader's chain: suppliers whose consent stands (weakest first), the others, consistency."""

    consistency: ChainConsistency
    rows: list[ChainRow]
    others: list[ChainInvitation]
    required_level: int

    @property
    def suppliers(self) -> list[ChainRow]:
        return self.rows

    @property
    def n(self) -> int:
        return self.consistency.n

    @property
    def share_at_required(self) -> float | None:
        return self.consistency.share_at_required

    @property
    def weakest_level(self) -> int | None:
        return self.consistency.weakest_level

    @property
    def weakest_dimension(self) -> str | None:
        return self.consistency.weakest_dimension

    @property
    def dimension_means(self) -> dict[str, float]:
        return dict(self.consistency.dimension_means)


def chain_view(*, actor: Actor, required_level: int | None = None) -> ChainView:
    """The leader's chain: each invited supplier with its official (else self-assessed) level and
    dimension scores where consent stands; the consistency measure; weakest first."""
    if not may_lead_chain(actor):
        raise NotFound
    invs = list(
        ChainInvitation.objects.filter(leader_id=actor.enterprise_id).select_related(
            "supplier", "consent"
        )
    )
    visible = [
        i
        for i in invs
        if i.status == InvitationStatus.ACCEPTED
        and i.consent is not None
        and i.consent.withdrawn_at is None
    ]
    ids = [i.supplier_id for i in visible]
    official = {
        r.enterprise_id: r
        for r in Result.objects.filter(
            enterprise_id__in=ids, status=ResultStatus.PUBLISHED
        ).order_by("series", "version")
    }
    selfs = {
        a.enterprise_id: a
        for a in Assessment.objects.filter(
            enterprise_id__in=ids, status=AssessmentStatus.SUBMITTED
        ).order_by("submitted_at")
    }
    members: list[ChainMember] = []
    rows: dict[str, ChainRow] = {}
    for i in visible:
        r, a = official.get(i.supplier_id), selfs.get(i.supplier_id)
        if r is not None:
            level, dims, source = r.level, r.dimension_scores, "official"
        elif a is not None:
            level, dims, source = int(a.level or 0), a.result.get("dimension_scores", {}), "self"
        else:
            level, dims, source = 0, {}, "none"
        members.append(ChainMember(member=str(i.supplier_id), level=level, dimension_scores=dims))
        rows[str(i.supplier_id)] = ChainRow(
            invitation=i,
            level=level,
            dims=dims,
            source=source,
            meets=level >= (required_level or i.required_level),
        )
    req = required_level or (max((i.required_level for i in invs), default=3))
    cc = chain_consistency(members, required_level=req)
    ordered = [rows[m] for m in cc.order]
    others = [i for i in invs if i not in visible]
    return ChainView(consistency=cc, rows=ordered, others=others, required_level=req)


def invitations_received(*, actor: Actor) -> QuerySet[ChainInvitation]:
    if not may_lead_chain(actor):
        return ChainInvitation.objects.none()
    return ChainInvitation.objects.filter(supplier_id=actor.enterprise_id).select_related("leader")


def invitation_received_get(*, actor: Actor, pk: Any) -> ChainInvitation:
    """An invitation sent to the actor's own enterprise (the supplier), else NotFound."""
    try:
        invitation = ChainInvitation.objects.filter(
            pk=pk, supplier_id=actor.enterprise_id or -1
        ).first()
    except (ValueError, TypeError):
        invitation = None
    if invitation is None:
        raise NotFound
    return invitation
