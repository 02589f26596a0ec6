"""Appeals of a quality credit rating: the enterprise appeals its current rating with grounds;
an officer of its region decides by the deadline (``data/terms.csv``, row ``appeal``): the
rating is upheld, or recomputed (a new rating in the history, reason ``appeal``). Audited."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, Forbidden, NotFound, may_appeal_rating, may_decide_appeal
from qualitas.credit.choices import AppealStatus, RatingReason
from qualitas.credit.models import Rating, RatingAppeal
from qualitas.credit.services.base import CreditError, _audit, _required, _today
from qualitas.credit.terms import appeal_term


def appeal_submit(
    *, actor: Actor, enterprise_id: int, grounds: str, today: date | None = None
) -> RatingAppeal:
    """The enterprise appeals its current rating. Refused without grounds, without a rating, or
    while an appeal waits for its decision; due ``decision_days`` after submission."""
    if not may_appeal_rating(actor, enterprise_id):
        raise NotFound
    _required(grounds, field="grounds")
    day = today or _today()
    with transaction.atomic():
        rating = Rating.objects.filter(enterprise_id=enterprise_id, current=True).first()
        if rating is None:
            raise CreditError(_("There is no rating to appeal yet"), field="rating")
        if RatingAppeal.objects.filter(
            enterprise_id=enterprise_id, status=AppealStatus.SUBMITTED
        ).exists():
            raise CreditError(_("An appeal is waiting for its decision"), field="rating")
        appeal = RatingAppeal.objects.create(
            enterprise_id=enterprise_id,
            rating=rating,
            grounds=grounds.strip(),
            submitted_by=actor.user,
            submitted_on=day,
            due_on=day + timedelta(days=appeal_term().decision_days),
        )
        _audit(actor, "appeal_submit", appeal, rating=rating.pk, due_on=appeal.due_on)
    return appeal


def appeal_decide(
    *, actor: Actor, pk: int, revise: bool, note: str, today: date | None = None
) -> RatingAppeal:
    """An officer of the enterprise's region decides with reasons: ``revise`` recomputes the
    rating now (a new rating citing the methodology in force, reason ``appeal``); otherwise the
    rating is upheld. The outcome, the rating after it and lateness are audited."""
    from qualitas.credit import rating as rating_mod
    from qualitas.credit.selectors import appeal_get

    _required(note, field="note")
    day = today or _today()
    with transaction.atomic():
        appeal = appeal_get(actor=actor, pk=pk)
        appeal = RatingAppeal.objects.select_for_update().get(pk=appeal.pk)
        if not may_decide_appeal(actor, appeal.enterprise.region_id):
            raise Forbidden
        if appeal.status != AppealStatus.SUBMITTED:
            raise CreditError(_("This appeal is decided already"), field="status")
        if revise:
            rating_mod.rate_enterprises(
                [appeal.enterprise_id], reason=RatingReason.APPEAL, as_of=day, force=True
            )
        result = Rating.objects.filter(enterprise_id=appeal.enterprise_id, current=True).first()
        appeal.status = AppealStatus.REVISED if revise else AppealStatus.UPHELD
        appeal.decided_by = actor.user
        appeal.decided_on = day
        appeal.decision_note = note.strip()
        appeal.result = result
        appeal.save(update_fields=["status", "decided_by", "decided_on", "decision_note", "result"])
        _audit(
            actor,
            "appeal_decide",
            appeal,
            status=appeal.status,
            result=result.pk if result else None,
            late=day > appeal.due_on,
        )
    return appeal
