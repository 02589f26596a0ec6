"""Reads of the platform core."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from qualitas.core.access import Actor, NotFound, may_manage_consents, may_see_job
from qualitas.core.models import Job

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

    from qualitas.core.models import ApiToken, AuditEntry, Consent


def job_get(*, actor: Actor, pk: int) -> Job:
    """A job the actor started (admins: any), else NotFound."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or not may_see_job(actor, job.created_by_id):
        raise NotFound
    return job


def audit_for(
    *,
    model: str,
    object_pk: object,
    children: tuple[str, ...] = (),
    parent_key: str = "enterprise",
    limit: int = 100,
) -> list[AuditEntry]:
    """Audit entries of one record, newest first: its own entries and those of its child records.

    Child records (e.g. an enterprise's products) are found by ``changes[parent_key]``, which
    every child write records, so entries of removed children are listed too. Callers decide
    who may read a record's history (the registry: those who may edit it).
    """
    from django.db.models import Q

    from qualitas.core.models import AuditEntry

    cond = Q(model=model, object_pk=str(object_pk))
    if children:
        cond |= Q(model__in=children, **{f"changes__{parent_key}": object_pk})
    return list(AuditEntry.objects.filter(cond).order_by("-seq")[:limit])


def consents_for(*, actor: Actor) -> list[Consent]:
    """The consents (active and withdrawn) of the actor's own enterprise; enterprise users only, else NotFound."""
    from qualitas.core.models import Consent

    if not may_manage_consents(actor) or actor.enterprise_id is None:
        raise NotFound
    qs = Consent.objects.filter(enterprise_id=actor.enterprise_id).select_related(
        "grantee_user", "grantee_institution"
    )
    return list(qs.order_by("withdrawn_at", "-granted_at", "-pk"))


def consent_get(*, actor: Actor, pk: int) -> Consent:
    """One consent of the actor's own enterprise, else NotFound (missing and not allowed look the same)."""
    from qualitas.core.models import Consent

    consent = Consent.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if consent is None or not may_manage_consents(actor, consent.enterprise_id):
        raise NotFound
    return consent


def user_by_username(*, actor: Actor, username: str) -> User | None:
    """The user ``actor``'s enterprise may name in a consent by this exact user name, or None —
    the same None for an unknown name and for a user no consent may name
    (``core.access.may_receive_user_consent``). Callers count the misses
    (``core.services.consent_grantee``) so that names cannot be probed at length."""
    from django.contrib.auth import get_user_model

    from qualitas.core.access import may_receive_user_consent

    user = (
        get_user_model()
        .objects.select_related("profile")
        .filter(username=username.strip(), is_active=True)
        .first()
        if username.strip()
        else None
    )
    return user if may_receive_user_consent(actor, user) else None


def jobs_recent(*, actor: Actor, kind: str, limit: int = 10) -> list[Job]:
    """The actor's own most recent jobs of ``kind``, newest first."""
    if actor.user is None:
        return []
    return list(
        Job.objects.filter(created_by=actor.user, kind=kind).order_by("-created_at", "-pk")[:limit]
    )


def users_by_pk(*, pks: Iterable[int]) -> dict[int, User]:
    """Users (with their profiles) by primary key; unknown keys are simply absent.

    For naming people in a form or payload (e.g. an evaluation team); who may be named is the
    calling service's rule.
    """
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(pk__in=list(pks)).select_related("profile")
    return {u.pk: u for u in users}


def tokens_for(*, actor: Actor) -> QuerySet[ApiToken]:
    """API tokens the actor lists: its own; an enterprise user also those acting for its enterprise."""
    from qualitas.core.access import tokens_visible_q
    from qualitas.core.models import ApiToken

    return ApiToken.objects.filter(tokens_visible_q(actor)).select_related("user", "enterprise")


def token_get(*, actor: Actor, pk: int) -> ApiToken:
    """One token the actor lists, else NotFound."""
    token = tokens_for(actor=actor).filter(pk=pk).first()
    if token is None:
        raise NotFound
    return token
