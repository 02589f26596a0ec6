"""Evidence the platform already holds, offered beside the requirements it speaks to, with its source.

The facts come from the other apps through ``core.providers.collect_evidence`` (today: problem
diagnosis — monitored characteristics and their capability, alerts and how they were handled,
studies run; traceability, complaints, recalls and spot-checks join when their apps register
an evidence provider). Each offer names a *topic*; :data:`OFFERS` says which requirements of
the default framework each topic speaks to (an offer may also name requirement codes itself). A
framework version that renames requirements gets no offers until this table is extended. The
providers read only the enterprise's own data (the caller is the enterprise's user).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

from qualitas.core.providers import EvidenceOffer, collect_evidence

# requirement code → the topics that bear on it, in the order they are offered
OFFERS: dict[str, tuple[str, ...]] = {
    "D1.08.L4": ("capability", "monitoring"),
    "D1.08.L5": ("capability",),
    "D2.02.L3": ("ingest",),
    "D2.02.L4": ("alerts", "monitoring"),
    "D1.04.L4": ("msa",),
    "D1.09.L3": ("pareto",),
    "D1.10.L4": ("alerts",),
    "D2.05.L4": ("reliability",),
    "D4.04.L4": ("reliability",),
    "D4.01.L3": ("capability",),
}


def _source_label(app_label: str) -> str:
    """The contributing app as users know it (its verbose name, in the active language)."""
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label


def _keyed(offers: list[EvidenceOffer]) -> list[tuple[str, EvidenceOffer]]:
    """Each offer with the key the page posts back: its topic, or ``app:topic`` when an earlier
    provider already offered that topic."""
    seen: set[str] = set()
    out = []
    for offer in offers:
        key = offer.topic if offer.topic not in seen else f"{offer.source_app}:{offer.topic}"
        seen.add(offer.topic)
        out.append((key, offer))
    return out


def platform_evidence(enterprise_id: int) -> dict[str, list[dict[str, Any]]]:
    """Requirement code → offers ``{"key", "text", "source", "url"}`` from the platform's data about the enterprise."""
    keyed = _keyed(collect_evidence(enterprise_id))
    out: dict[str, list[dict[str, Any]]] = {}

    def offer(code: str, key: str, o: EvidenceOffer) -> None:
        items = out.setdefault(code, [])
        if all(i["key"] != key for i in items):
            items.append(
                {
                    "key": key,
                    "text": str(o.text),
                    "source": _source_label(o.source_app),
                    "url": o.url,
                }
            )

    for code, topics in OFFERS.items():
        for topic in topics:
            for key, o in keyed:
                if o.topic == topic:
                    offer(code, key, o)
    for key, o in keyed:
        for code in o.requirement_codes:
            offer(code, key, o)
    return out
