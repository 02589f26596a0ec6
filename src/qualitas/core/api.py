"""REST endpoints of the platform core (mounted at /api/core/): an enterprise's consents and
the reads of its private data by partners.

Only an enterprise's own users list, grant and withdraw its consents; a consent of another
enterprise is "not found", exactly like a missing one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import ValidationError
from ninja.security import django_auth

from qualitas.core.access import Forbidden, NotFound, actor_for, may_manage_consents
from qualitas.core.choices import ConsentScope
from qualitas.core.partner_reads import partner_reads_for
from qualitas.core.selectors import consent_get, consents_for
from qualitas.core.services import consent_grant, consent_grantee, consent_withdraw

router = Router(tags=["core"])


class ConsentOut(Schema):
    id: int
    enterprise: int = Field(..., alias="enterprise_id")
    scope: str
    grantee_user: str | None = Field(None, description="User name of the grantee, when a user")
    grantee_institution: int | None = Field(None, alias="grantee_institution_id")
    granted_at: datetime
    withdrawn_at: datetime | None
    active: bool

    @staticmethod
    def resolve_grantee_user(obj: Any) -> str | None:
        return obj.grantee_user.username if obj.grantee_user_id else None

    @staticmethod
    def resolve_active(obj: Any) -> bool:
        return obj.withdrawn_at is None


class ConsentIn(Schema):
    scope: ConsentScope = Field(..., description="contacts, sites, quality_data or capability")
    grantee_username: str = Field(
        "", max_length=150, description="Grant to this user (exact user name) …"
    )
    grantee_institution_id: int | None = Field(
        None, description="… or to this institution (see /api/registry/institutions)"
    )


def _field_error(field: str, message: str) -> ValidationError:
    return ValidationError(
        [{"loc": ["body", "payload", field], "msg": message, "type": "value_error"}]
    )


@router.get(
    "/consents",
    response=list[ConsentOut],
    auth=django_auth,
    summary="Consents of your enterprise (enterprise users)",
)
def consent_list(request: HttpRequest, active: bool | None = None) -> Any:
    try:
        rows = consents_for(actor=actor_for(request.user))
    except NotFound:
        raise Forbidden(_("only enterprise users have consents to manage")) from None
    return [c for c in rows if active is None or (c.withdrawn_at is None) == active]


@router.post(
    "/consents",
    response={201: ConsentOut},
    auth=django_auth,
    summary="Grant a consent (enterprise users)",
)
def consent_create(request: HttpRequest, payload: ConsentIn) -> Any:
    actor = actor_for(request.user)
    if not may_manage_consents(actor) or actor.enterprise_id is None:
        raise Forbidden(_("only the enterprise's own users may grant consent"))
    user = None
    if bool(payload.grantee_username.strip()) == (payload.grantee_institution_id is not None):
        raise _field_error(
            "grantee_username",
            _("give either grantee_username or grantee_institution_id"),
        )
    if payload.grantee_username.strip():
        user = consent_grantee(
            actor=actor, username=payload.grantee_username, field="grantee_username"
        )
    consent = consent_grant(
        actor=actor,
        enterprise_id=actor.enterprise_id,
        scope=payload.scope.value,
        grantee_user=user,
        grantee_institution_id=payload.grantee_institution_id,
    )
    return 201, consent


@router.post(
    "/consents/{int:consent_pk}/withdraw",
    response=ConsentOut,
    auth=django_auth,
    summary="Withdraw a consent",
)
def consent_withdraw_endpoint(request: HttpRequest, consent_pk: int) -> Any:
    actor = actor_for(request.user)
    consent = consent_get(actor=actor, pk=consent_pk)
    if consent.withdrawn_at is None:
        consent = consent_withdraw(actor=actor, consent=consent)
    return consent


class PartnerReadOut(Schema):
    at: datetime = Field(..., description="When the partner read it")
    partner: str = Field(..., alias="actor", description="User name of the partner")
    scope: str = Field(..., description="The consent scope read (contacts, sites, …)")
    via: str = Field(..., description="api or page")
    path: str = Field(..., description="The address read")

    @staticmethod
    def resolve_scope(obj: Any) -> str:
        return str(obj.changes.get("scope", ""))

    @staticmethod
    def resolve_via(obj: Any) -> str:
        return str(obj.changes.get("via", ""))

    @staticmethod
    def resolve_path(obj: Any) -> str:
        return str(obj.changes.get("path", ""))


@router.get(
    "/partner-reads",
    response=list[PartnerReadOut],
    auth=django_auth,
    summary="Reads of the enterprise's private data by partners",
)
def partner_reads_endpoint(request: HttpRequest, limit: int = 200) -> Any:
    """Each read of the enterprise's private data by a partner (a bank, another system) under a
    consent, newest first; for the enterprise's own users (as ``/account/partner-reads/``)."""
    if not 1 <= limit <= 1000:
        raise ValidationError(
            [{"loc": ["query", "limit"], "msg": _("between 1 and 1000"), "type": "value_error"}]
        )
    return partner_reads_for(actor=actor_for(request.user), limit=limit)
