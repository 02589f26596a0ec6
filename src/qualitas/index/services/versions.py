"""Methodology versions: drafts (created, copied, edited by admins), publication (then
immutable), and the current version the map uses."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.analytics.errors import AnalyticsError
from qualitas.core.access import Actor, Forbidden, may_manage_methodology
from qualitas.core.audit import audit_append
from qualitas.index import indicators as registry
from qualitas.index.choices import VersionStatus
from qualitas.index.models import MethodologyVersion
from qualitas.index.services.common import IndexInputError


def version_create(
    *,
    actor: Actor,
    code: str,
    title: str,
    base_period: str,
    seed: int,
    indicators: list[dict[str, Any]] | None = None,
    min_group_size: int = 5,
    replicates: int = 200,
    notes: str = "",
) -> MethodologyVersion:
    """A new draft methodology (admins). Validated by building its analytics form."""
    _admin_only(actor)
    if MethodologyVersion.objects.filter(code=code).exists():
        raise IndexInputError(_("Version %(code)s already exists."), field="code", code=code)
    version = MethodologyVersion(
        code=code,
        title=title,
        base_period=base_period,
        seed=seed,
        indicators=indicators or registry.default_indicator_spec(),
        min_group_size=min_group_size,
        replicates=replicates,
        notes=notes,
    )
    unknown = [i["key"] for i in version.indicators if i["key"] not in registry.INDICATORS]
    if unknown:
        raise IndexInputError(
            _("Unknown indicator(s): %(keys)s."), field="indicators", keys=", ".join(unknown)
        )
    try:
        version.as_methodology()
    except AnalyticsError as exc:
        raise IndexInputError(str(exc), field="indicators") from None
    with transaction.atomic():
        version.save()
        audit_append(
            actor=actor.user or "system",
            action="create",
            model="index.methodologyversion",
            object_pk=version.pk,
            changes={"code": code},
        )
    return version


def version_publish(*, actor: Actor, version: MethodologyVersion) -> MethodologyVersion:
    """Publish a draft: from now on it is immutable and the map uses it."""
    if not may_manage_methodology(actor):
        raise Forbidden(_("Only administrators publish methodology versions."))
    stored = MethodologyVersion.objects.filter(pk=version.pk).values_list("status", flat=True)
    if stored.first() != VersionStatus.DRAFT:
        raise IndexInputError(_("Only a draft can be published."), field="status")
    try:
        version.as_methodology()
    except AnalyticsError as exc:
        raise IndexInputError(str(exc), field="indicators") from None
    with transaction.atomic():
        MethodologyVersion.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).update(
            status=VersionStatus.PUBLISHED, published_at=timezone.now(), published_by=actor.user
        )
        audit_append(
            actor=actor.user or "system",
            action="publish",
            model="index.methodologyversion",
            object_pk=version.pk,
            changes={"code": version.code},
        )
    version.refresh_from_db()
    return version


VERSION_FIELDS = ("title", "notes", "base_period", "min_group_size", "replicates", "indicators")
MAX_REPLICATES = 10000


def _admin_only(actor: Actor) -> None:
    if not may_manage_methodology(actor):
        raise Forbidden(_("Only administrators maintain methodology versions."))


def _draft_only(version: MethodologyVersion) -> None:
    stored = MethodologyVersion.objects.filter(pk=version.pk).values_list("status", flat=True)
    if stored.first() != VersionStatus.DRAFT:
        raise IndexInputError(
            _("A published methodology version cannot be changed; create a new version."),
            field="status",
        )


def version_copy(
    *, actor: Actor, source: MethodologyVersion, code: str, title: str = ""
) -> MethodologyVersion:
    """A new draft that starts as a copy of ``source`` (usually the current version); admins."""
    _admin_only(actor)
    code = code.strip()
    if not code:
        raise IndexInputError(_("A version code is required."), field="code")
    return version_create(
        actor=actor,
        code=code,
        title=title.strip() or f"{source.title} ({code})"[:200],
        base_period=source.base_period,
        seed=int(source.seed),
        indicators=[dict(i) for i in source.indicators],
        min_group_size=int(source.min_group_size),
        replicates=int(source.replicates),
        notes=f"copied from {source.code}",
    )


def _clean_indicators(raw: Any) -> tuple[list[dict[str, Any]], bool]:
    """Validated indicator list: known keys, known normalisation, weights > 0. Weights that do
    not sum to 1 are rescaled to sum to 1; the second value says whether that happened."""
    from qualitas.analytics.index import Normalisation

    if not isinstance(raw, list) or not raw:
        raise IndexInputError(_("At least one indicator is required."), field="indicators")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in raw:
        key = str(item.get("key", ""))
        if key not in registry.INDICATORS:
            raise IndexInputError(_("Unknown indicator %(key)s."), field="indicators", key=key)
        if key in seen:
            raise IndexInputError(
                _("Indicator %(key)s is listed twice."), field="indicators", key=key
            )
        seen.add(key)
        try:
            weight = float(item.get("weight"))
        except (TypeError, ValueError):
            weight = float("nan")
        if not weight > 0 or weight == float("inf"):
            raise IndexInputError(
                _("The weight of %(key)s must be a positive number."),
                field=f"weight_{key}",
                key=key,
            )
        normalisation = str(item.get("normalisation", "ratio"))
        if normalisation not in {n.value for n in Normalisation}:
            raise IndexInputError(
                _("Unknown normalisation %(name)s."),
                field=f"normalisation_{key}",
                name=normalisation,
            )
        higher = item.get("higher_is_better", registry.INDICATORS[key].higher_is_better)
        out.append(
            {
                "key": key,
                "weight": weight,
                "normalisation": normalisation,
                "higher_is_better": bool(higher),
            }
        )
    total = sum(i["weight"] for i in out)
    rescaled = abs(total - 1.0) > 1e-9
    if rescaled:
        for i in out:
            i["weight"] = round(i["weight"] / total, 6)
        # rounding may leave a residue: give it to the largest weight
        residue = round(1.0 - sum(i["weight"] for i in out), 6)
        max(out, key=lambda i: i["weight"])["weight"] = round(
            max(i["weight"] for i in out) + residue, 6
        )
    return out, rescaled


def version_update(
    *, actor: Actor, version: MethodologyVersion, data: Mapping[str, Any]
) -> tuple[MethodologyVersion, list[str]]:
    """Edit a draft's weights, normalisation, base period, minimum group size, bootstrap
    replicates, title or notes (admins). Published versions are immutable. Returns the version
    and notes for the user (e.g. that the weights were rescaled to sum to 1)."""
    _admin_only(actor)
    _draft_only(version)
    changes = {k: v for k, v in data.items() if k in VERSION_FIELDS and v is not None}
    notes: list[str] = []
    if "indicators" in changes:
        changes["indicators"], rescaled = _clean_indicators(changes["indicators"])
        if rescaled:
            notes.append(str(_("The weights did not sum to 1 and were rescaled proportionally.")))
    if "base_period" in changes:
        changes["base_period"] = str(changes["base_period"]).strip().upper()
        if not re.fullmatch(r"\d{4}(Q[1-4])?", changes["base_period"]):
            raise IndexInputError(
                _("The base period looks like 2024 or 2024Q1."),
                field="base_period",
            )
    if "min_group_size" in changes and (
        not isinstance(changes["min_group_size"], int) or changes["min_group_size"] < 1
    ):
        raise IndexInputError(_("The minimum group size is at least 1."), field="min_group_size")
    if "replicates" in changes:
        r = changes["replicates"]
        if not isinstance(r, int) or not 0 <= r <= MAX_REPLICATES:
            raise IndexInputError(
                _("Bootstrap replicates lie between 0 and %(max)s."),
                field="replicates",
                max=MAX_REPLICATES,
            )
    if "title" in changes and not str(changes["title"]).strip():
        raise IndexInputError(_("A title is required."), field="title")
    before = {k: getattr(version, k) for k in changes}
    for k, v in changes.items():
        setattr(version, k, v)
    try:
        version.as_methodology()
    except AnalyticsError as exc:
        for k, v in before.items():
            setattr(version, k, v)
        raise IndexInputError(str(exc), field="indicators") from None
    with transaction.atomic():
        _draft_only(version)
        version.save()
        audit_append(
            actor=actor.user,
            action="update",
            model="index.methodologyversion",
            object_pk=version.pk,
            changes={k: {"from": before[k], "to": v} for k, v in changes.items() if before[k] != v},
        )
    return version, notes


def current_version() -> MethodologyVersion | None:
    return (
        MethodologyVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )
