"""Results, appeals, versions, the public certificate check and current official levels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext

from qualitas.core.access import (
    Actor,
    NotFound,
    reads_published_results_only,
    results_q,
)
from qualitas.evaluation.choices import (
    CertificateActionKind,
    ResultStatus,
)
from qualitas.evaluation.models import (
    Appeal,
    CertificateAction,
    Result,
    Surveillance,
)
from qualitas.evaluation.selectors.surveillance import (
    OUT_OF_FORCE,
    certificate_standing,
    with_standing,
)
from qualitas.registry.models import Enterprise


def results_for(*, actor: Actor) -> QuerySet[Result]:
    """Results the actor may read: the enterprise its own (published), institution staff theirs, authorities their regions."""
    qs = Result.objects.select_related("enterprise", "institution", "framework").filter(
        results_q(actor)
    )
    if reads_published_results_only(actor):
        qs = qs.filter(status=ResultStatus.PUBLISHED)
    return qs


def result_get(*, actor: Actor, pk: int) -> Result:
    r = results_for(actor=actor).filter(pk=pk).first()
    if r is None:
        raise NotFound
    return r


def results_by_pks(*, actor: Actor, pks: Iterable[Any]) -> list[Result]:
    """The results among ``pks`` the actor may read (:func:`results_for`), in the order given;
    unknown, unreadable and malformed ids are left out."""
    ids: list[int] = []
    for pk in pks:
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            continue
    found = {r.pk: r for r in results_for(actor=actor).filter(pk__in=ids)}
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def appeal_get(*, actor: Actor, pk: int) -> Appeal:
    """An appeal against a result the actor may read (:func:`results_for`), else NotFound."""
    appeal = Appeal.objects.filter(pk=pk, result__in=results_for(actor=actor)).first()
    if appeal is None:
        raise NotFound
    return appeal


def appeal_of_result(*, result: Result, pk: Any) -> Appeal:
    """An appeal against ``result`` (already access-checked by :func:`result_get`), else NotFound."""
    try:
        return Appeal.objects.get(pk=pk, result=result)
    except (Appeal.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def result_versions(result: Result) -> list[Result]:
    return list(Result.objects.filter(series=result.series).order_by("version"))


@dataclass(frozen=True)
class Verification:
    """What the public certificate page says about a code."""

    result: Result
    state: str  # "valid", "expired", "superseded", "unrated", "suspended", "withdrawn"
    current: Result
    action: CertificateAction | None = None  # the latest suspension, reinstatement, withdrawal
    last_surveillance: Surveillance | None = None

    @property
    def reason(self) -> str:
        """What the state means, in the reader's language (the verify page and API)."""
        if self.state == "unrated":
            return gettext(
                "Not a valid certificate: the result reached no level (not rated), and a "
                "certificate is issued only for a level."
            )
        if self.state == "superseded" and self.current.level == 0:
            return gettext(
                "Superseded by version %(n)s, which reached no level (not rated): no "
                "certificate is in force."
            ) % {"n": self.current.version}
        if self.state == "superseded":
            return gettext("Genuine but superseded by version %(n)s") % {"n": self.current.version}
        if self.state == "expired":
            return gettext("Genuine but expired")
        if self.state in ("suspended", "withdrawn") and self.action is not None:
            msg = (
                gettext("Suspended since %(day)s: %(grounds)s")
                if self.state == "suspended"
                else gettext("Withdrawn on %(day)s: %(grounds)s")
            )
            return msg % {
                "day": formats.date_format(self.action.effective_on, "SHORT_DATE_FORMAT"),
                "grounds": self.action.grounds,
            }
        return gettext("Genuine and valid")


def certificate_verify(*, code: str) -> Verification:
    """Look up a certificate code (public): valid, expired, or superseded by a later published version."""
    r = (
        Result.objects.select_related("enterprise", "institution", "framework")
        .filter(certificate_code=code.strip().upper(), status=ResultStatus.PUBLISHED)
        .first()
    )
    if r is None:
        raise NotFound
    current = (
        Result.objects.filter(series=r.series, status=ResultStatus.PUBLISHED)
        .order_by("-version")
        .first()
        or r
    )
    if r.level == 0:  # a code issued to a level-0 result before they stopped getting one
        state = "unrated"
    elif current.pk != r.pk:
        state = "superseded"
    elif r.valid_until and r.valid_until < timezone.localdate():
        state = "expired"
    else:
        state = "valid"
    action = certificate_standing(r)
    if action is not None and action.kind in OUT_OF_FORCE and state in ("valid", "expired"):
        state = "suspended" if action.kind == CertificateActionKind.SUSPEND else "withdrawn"
    last = Surveillance.objects.filter(result=r).order_by("-year").first()
    return Verification(
        result=r, state=state, current=current, action=action, last_surveillance=last
    )


def current_levels(*, qs: QuerySet[Enterprise] | None = None) -> dict[int, int]:
    """Enterprise id → its current official level (latest published version of its latest series, still valid)."""
    today = timezone.localdate()
    rows = Result.objects.filter(status=ResultStatus.PUBLISHED).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    if qs is not None:
        rows = rows.filter(enterprise__in=qs)
    out: dict[int, tuple[int | None, int, int, bool]] = {}
    annotated: Any = with_standing(rows)  # the annotation is invisible to the type checker
    for eid, series, version, level, standing in annotated.values_list(
        "enterprise_id", "series", "version", "level", "standing"
    ):
        key = (series, version)
        if eid not in out or key > out[eid][:2]:
            out[eid] = (series, version, level, standing in OUT_OF_FORCE)
    # a suspended or withdrawn certificate: its level is not in force
    return {k: v[2] for k, v in out.items() if not v[3]}
