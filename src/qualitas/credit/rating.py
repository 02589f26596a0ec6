"""The quality credit rating: one enterprise on any change of its inputs, or every enterprise in
a batch; each rating stored with its explanation in both languages and the reason it changed.

Factors come only through ``core.providers.collect_credit`` (each app's ``@credit_provider``);
the score is :func:`qualitas.analytics.credit.credit_scores` under the published methodology.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from qualitas.analytics.credit import credit_scores
from qualitas.core.providers import CreditFactor, collect_credit
from qualitas.credit.choices import MethodologyStatus
from qualitas.credit.methodology import (
    FACTORS_V1,
    HALF_LIFE_V1,
    LABELS,
    LIST_CAPS,
    NOTE_V1,
    RAISE,
    THRESHOLDS_V1,
)
from qualitas.credit.models import ListEntry, Methodology, Rating

LANGS = (("en", "en"), ("zh", "zh-hans"))


def methodology_current() -> Methodology:
    """The published methodology in force (the first version is created on first use)."""
    m = (
        Methodology.objects.filter(status=MethodologyStatus.PUBLISHED)
        .order_by("-published_at")
        .first()
    )
    if m is None:
        m, _created = Methodology.objects.get_or_create(
            code="2026.1",
            defaults={
                "weights": FACTORS_V1,
                "thresholds": [list(t) for t in THRESHOLDS_V1],
                "half_life_days": HALF_LIFE_V1,
                "note": NOTE_V1,
                "status": MethodologyStatus.PUBLISHED,
                "published_at": timezone.now(),
            },
        )
    return m


def _caps(enterprise_ids: Sequence[int], day: date) -> dict[int, int]:
    from qualitas.credit.selectors import current_listing_q

    caps: dict[int, int] = {}
    rows = ListEntry.objects.filter(
        current_listing_q(day), enterprise_id__in=enterprise_ids
    ).values_list("enterprise_id", "kind")
    for ent, kind in rows:
        caps[ent] = max(caps.get(ent, 0), LIST_CAPS.get(kind, 0))
    return caps


def explain_many(
    m: Methodology, gathered: Sequence[dict[str, CreditFactor]], scores: Any
) -> list[list[dict[str, Any]]]:
    """The stored explanations of a chunk of ratings (row ``i`` of ``scores`` is
    ``gathered[i]``): each factor with its weight, value, points, source, the records behind it
    and what would raise it, in English and Chinese. Each language is activated once per chunk
    (not per text): the texts are the providers' lazy strings, rendered in that language."""
    items = list(m.weights.items())
    texts: dict[str, list[list[tuple[str, str, str]]]] = {}
    for short, code in LANGS:
        with translation.override(code):
            notes = {
                key: gettext("No data: counted as %(value)s.") % {"value": spec["missing"]}
                for key, spec in items
            }
            hints = {key: str(RAISE.get(key, "")) for key, _spec in items}
            labels = {key: str(LABELS.get(key, key)) for key, _spec in items}
            rows = []
            for g in gathered:
                per = []
                for key, _spec in items:
                    f = g.get(key)
                    label = str(f.label) if f is not None else labels[key]
                    text = str(f.explanation) if f is not None else ""
                    if f is None or f.value is None:
                        text = f"{text} {notes[key]}".strip()
                    per.append((label, text, hints[key]))
                rows.append(per)
            texts[short] = rows
    out = []
    for i, g in enumerate(gathered):
        row = []
        for j, (key, spec) in enumerate(items):
            f = g.get(key)
            weight = float(spec["weight"])
            points = float(scores.points[i, j])
            short_of_max = points < 100 * weight - 1e-9
            en, zh = texts["en"][i][j], texts["zh"][i][j]
            row.append(
                {
                    "key": key,
                    "weight": weight,
                    "value": None if f is None or f.value is None else round(float(f.value), 4),
                    "used": round(float(scores.used[i, j]), 4),
                    "points": round(points, 2),
                    "max_points": round(100 * weight, 2),
                    "label_en": en[0],
                    "label_zh": zh[0],
                    "explanation_en": en[1],
                    "explanation_zh": zh[1],
                    "raise_en": en[2] if short_of_max else "",
                    "raise_zh": zh[2] if short_of_max else "",
                    "source": f.source_app if f else str(spec.get("source", "")),
                    "as_of": f.as_of.isoformat() if f and f.as_of else None,
                }
            )
        out.append(row)
    return out


def rate_enterprises(
    enterprise_ids: Iterable[int],
    *,
    reason: str,
    as_of: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = 2000,
    force: bool = False,
) -> int:
    """Rate enterprises in chunks: gather each one's factors through the providers, score a
    chunk in one vectorised pass, store a new rating where the score, class or explanation
    changed, or always with ``force`` (an appeal's recomputation); the previous one stays as
    history. Returns the number of ratings written."""
    day = as_of or timezone.localdate()
    m = methodology_current()
    keys = list(m.weights)
    weights = [float(m.weights[k]["weight"]) for k in keys]
    missing = [float(m.weights[k]["missing"]) for k in keys]
    thresholds = [(str(c), float(t)) for c, t in m.thresholds]
    ids = list(enterprise_ids)
    written = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        gathered = [{f.key: f for f in collect_credit(e, day)} for e in part]
        values = np.array(
            [
                [np.nan if (f := g.get(k)) is None or f.value is None else f.value for k in keys]
                for g in gathered
            ],
            dtype=float,
        ).reshape(len(part), len(keys))
        caps = _caps(part, day)
        scores = credit_scores(
            values,
            weights=weights,
            missing=missing,
            thresholds=thresholds,
            cap=np.array([caps.get(e, 0) for e in part], dtype=int),
        )
        current = {
            r.enterprise_id: r for r in Rating.objects.filter(enterprise_id__in=part, current=True)
        }
        new: list[Rating] = []
        explained = explain_many(m, gathered, scores)
        for i, e in enumerate(part):
            factors = explained[i]
            score = Decimal(str(scores.score[i])).quantize(Decimal("0.01"))
            old = current.get(e)
            if (
                not force
                and old is not None
                and old.methodology_id == m.pk
                and old.score == score
                and old.klass == scores.klass[i]
                and old.factors == factors
            ):
                continue
            new.append(
                Rating(
                    enterprise_id=e,
                    methodology=m,
                    as_of=day,
                    score=score,
                    klass=str(scores.klass[i]),
                    capped=bool(scores.capped[i]),
                    factors=factors,
                    reason=reason,
                    current=True,
                )
            )
        with transaction.atomic():
            Rating.objects.filter(
                enterprise_id__in=[r.enterprise_id for r in new], current=True
            ).update(current=False)
            Rating.objects.bulk_create(new, batch_size=1000)
        written += len(new)
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))
    return written


def rate_enterprise(enterprise_id: int, *, reason: str, as_of: date | None = None) -> Rating | None:
    """Re-rate one enterprise (after a change of its inputs); the current rating."""
    rate_enterprises([enterprise_id], reason=reason, as_of=as_of)
    return Rating.objects.filter(enterprise_id=enterprise_id, current=True).first()


def rate_all(*, reason: str = "batch", as_of: date | None = None, progress: Any = None) -> int:
    """Rate every enterprise of the register."""
    from qualitas.registry.models import Enterprise

    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    return rate_enterprises(ids, reason=reason, as_of=as_of, progress=progress)


def rating_current_for(enterprise_id: int) -> Rating | None:
    """The enterprise's current rating."""
    return Rating.objects.filter(enterprise_id=enterprise_id, current=True).first()
