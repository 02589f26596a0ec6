"""Writes of the platform core: users with their role and scope, consents."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    Forbidden,
    may_manage_consents,
    role_grants_admin_site,
    role_is_valid,
    role_needs,
)
from qualitas.core.audit import audit_append
from qualitas.core.choices import ConsentScope, Role
from qualitas.core.errors import DomainError
from qualitas.core.models import Consent, Profile


class ProfileError(DomainError):
    """A user or profile that cannot be created as asked; the message names the input."""


def _related(model: type[Model], field: str) -> Any:
    """The model a relation of one of core's models points at."""
    return model._meta.get_field(field).related_model


def user_create(
    *,
    username: str,
    password: str,
    role: str,
    enterprise_code: str = "",
    institution_id: int | None = None,
    region_codes: list[str] | None = None,
) -> Any:
    """Create a user and its profile; the scope required by the role must be given."""
    # the models core's own Profile points at (core sits below the registry: no import of it)
    Enterprise = _related(Profile, "enterprise")
    Institution = _related(Profile, "institution")
    Region = _related(Profile, "regions")

    User = get_user_model()
    if not role_is_valid(role):
        raise ProfileError(
            _("unknown role %(role)r; one of %(roles)s"),
            field="role",
            role=role,
            roles=", ".join(Role.values),
        )
    if User.objects.filter(username=username).exists():
        raise ProfileError(_("user %(name)r already exists"), field="username", name=username)
    enterprise = institution = None
    needs = role_needs(role)
    if needs == "enterprise":
        enterprise = Enterprise._default_manager.filter(credit_code=enterprise_code.upper()).first()
        if enterprise is None:
            raise ProfileError(
                _("no enterprise with credit code %(code)r"),
                field="enterprise",
                code=enterprise_code,
            )
    if needs == "institution":
        institution = (
            Institution._default_manager.filter(pk=institution_id).first()
            if institution_id
            else None
        )
        if institution is None:
            raise ProfileError(
                _("no institution with id %(id)s"), field="institution", id=institution_id
            )
    regions = []
    if needs == "regions":
        regions = list(Region._default_manager.filter(code__in=region_codes or []))
        unknown = sorted(set(region_codes or []) - {r.code for r in regions})
        if unknown or not regions:
            raise ProfileError(
                _("unknown or missing region code(s): %(codes)s"),
                field="region",
                codes=", ".join(unknown) or "—",
            )
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            is_staff=role_grants_admin_site(role),
            is_superuser=role_grants_admin_site(role),
        )
        profile = Profile.objects.create(
            user=user, role=role, enterprise=enterprise, institution=institution
        )
        profile.regions.set(regions)
        audit_append(
            actor="system",
            action="create",
            model="auth.user",
            object_pk=user.pk,
            changes={"username": username, "role": role},
        )
    return user


def consent_grant(
    *,
    actor: Actor,
    enterprise_id: int,
    scope: str,
    grantee_user: Any = None,
    grantee_institution_id: int | None = None,
    grantee_enterprise_id: int | None = None,
) -> Consent:
    """An enterprise user lets a user, an institution or another enterprise (all its enterprise users) see named private data.

    Refuses an unknown institution and a consent that is already active (same scope and grantee).
    """
    if not may_manage_consents(actor, enterprise_id):
        raise Forbidden(_("only the enterprise's own users may grant consent"))
    if scope not in ConsentScope.values:
        raise ProfileError(_("unknown scope %(scope)r"), field="scope", scope=scope)
    if grantee_enterprise_id is not None and grantee_enterprise_id == enterprise_id:
        raise ProfileError(_("an enterprise needs no consent to see its own data"))
    # the institution model is the one core's own Consent points at (no import of the registry)
    institutions = _related(Consent, "grantee_institution")
    if (
        grantee_institution_id is not None
        and not institutions._default_manager.filter(pk=grantee_institution_id).exists()
    ):
        raise ProfileError(_("no institution with this id"), field="grantee_institution_id")
    active = Consent.objects.filter(
        enterprise_id=enterprise_id,
        scope=scope,
        withdrawn_at__isnull=True,
        grantee_user=grantee_user,
        grantee_institution_id=grantee_institution_id,
        grantee_enterprise_id=grantee_enterprise_id,
    )
    if active.exists():
        raise ProfileError(_("this consent has already been granted"), field="scope")
    with transaction.atomic():
        consent = Consent.objects.create(
            enterprise_id=enterprise_id,
            scope=scope,
            grantee_user=grantee_user,
            grantee_institution_id=grantee_institution_id,
            grantee_enterprise_id=grantee_enterprise_id,
        )
        changes: dict[str, Any] = {"scope": scope}
        if grantee_enterprise_id is not None:
            changes["grantee_enterprise"] = grantee_enterprise_id
        audit_append(
            actor=actor.user,
            action="grant",
            model="core.consent",
            object_pk=consent.pk,
            changes=changes,
        )
    return consent


def consent_withdraw(*, actor: Actor, consent: Consent) -> Consent:
    """Withdraw a consent: from now on the grantee no longer sees the data."""
    if not may_manage_consents(actor, consent.enterprise_id):
        raise Forbidden(_("only the enterprise's own users may withdraw consent"))
    with transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit_append(
            actor=actor.user,
            action="withdraw",
            model="core.consent",
            object_pk=consent.pk,
            changes={},
        )
    return consent


# A user may name this many unknown grantees an hour; then every name is refused for the hour.
GRANTEE_MISSES_PER_HOUR = 10


def consent_grantee(*, actor: Actor, username: str, field: str) -> Any:
    """The user a consent of ``actor``'s enterprise names by ``username``; an unknown name and a
    user no consent may name get one refusal, and after :data:`GRANTEE_MISSES_PER_HOUR` misses
    every name is refused for an hour, so the form cannot be used to probe user names."""
    from qualitas.core.selectors import user_by_username

    key = f"consent-grantee-misses:{getattr(actor.user, 'pk', None)}"
    if cache.get(key, 0) >= GRANTEE_MISSES_PER_HOUR:
        raise ProfileError(_("too many unknown user names; try again in an hour"), field=field)
    user = user_by_username(actor=actor, username=username)
    if user is None:
        try:
            cache.incr(key)
        except ValueError:  # the first miss of the hour
            cache.set(key, 1, timeout=3600)
        raise ProfileError(_("no user with this user name"), field=field)
    return user
