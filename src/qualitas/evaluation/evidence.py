"""Evidence the platform already holds, offered beside the requirements it speaks to, with its source.

Today: problem diagnosis (monitored characteristics and their capability, alerts and how they
were handled, studies run). Traceability, complaints, recalls and spot-checks join when their
apps exist. The offers are keyed by requirement code of the default framework; a framework
version that renames requirements gets no offers until this table is extended. Reads only the
enterprise's own data (the caller is the enterprise's user).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

# requirement code → the facts that bear on it
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


def _diagnosis_facts(enterprise_id: int) -> dict[str, str]:
    from qualitas.diagnosis.models import (
        Alert,
        CapabilitySummary,
        Characteristic,
        IngestBatch,
        Study,
    )

    facts: dict[str, str] = {}
    chars = Characteristic.objects.filter(enterprise_id=enterprise_id)
    monitored = chars.filter(monitored=True).count()
    if monitored:
        facts["monitoring"] = _(
            "Characteristics monitored with control charts on the platform: %(n)d"
        ) % {"n": monitored}
    summary = (
        CapabilitySummary.objects.filter(enterprise_id=enterprise_id)
        .order_by("-computed_at")
        .first()
    )
    if summary is not None and summary.assessed:
        facts["capability"] = _(
            "Characteristics with Cpk ≥ 1.33: %(capable)d of %(assessed)d assessed (median Cpk %(median).2f, %(day)s)"
        ) % {
            "capable": summary.capable,
            "assessed": summary.assessed,
            "median": summary.median_cpk or 0.0,
            "day": summary.computed_at.date().isoformat(),
        }
    since = timezone.now() - timedelta(days=365)
    batches = IngestBatch.objects.filter(
        characteristic__enterprise_id=enterprise_id, received_at__gte=since
    ).count()
    if batches:
        facts["ingest"] = _(
            "Batches of measurements streamed to the platform in the last 12 months: %(n)d"
        ) % {"n": batches}
    alerts = Alert.objects.filter(
        characteristic__enterprise_id=enterprise_id, opened_at__gte=since
    ).aggregate(
        n=Count("pk"),
        handled=Count("pk", filter=~Q(status="open")),
        with_action=Count("pk", filter=Q(action__isnull=False)),
    )
    if alerts["n"]:
        facts["alerts"] = _(
            "Run-rule alerts in the last 12 months: %(n)d, of which %(handled)d handled and %(action)d with a corrective action"
        ) % {
            "n": alerts["n"],
            "handled": alerts["handled"],
            "action": alerts["with_action"],
        }
    kinds = dict(
        Study.objects.filter(enterprise_id=enterprise_id)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    if kinds.get("gage_rr"):
        facts["msa"] = _("Gage R&R studies run on the platform: %(n)d") % {"n": kinds["gage_rr"]}
    if kinds.get("pareto"):
        facts["pareto"] = _("Pareto analyses run on the platform: %(n)d") % {"n": kinds["pareto"]}
    rel = kinds.get("weibull", 0) + kinds.get("growth", 0)
    if rel:
        facts["reliability"] = _(
            "Reliability analyses (Weibull, growth) run on the platform: %(n)d"
        ) % {"n": rel}
    return facts


def platform_evidence(enterprise_id: int) -> dict[str, list[dict[str, Any]]]:
    """Requirement code → offers ``{"text", "source"}`` from the platform's data about the enterprise."""
    facts: dict[str, str] = {}
    source = ""
    if apps.is_installed("qualitas.diagnosis"):
        facts = _diagnosis_facts(enterprise_id)
        source = str(_("Problem diagnosis"))
    out: dict[str, list[dict[str, Any]]] = {}
    for code, keys in OFFERS.items():
        items = [{"key": k, "text": facts[k], "source": source} for k in keys if k in facts]
        if items:
            out[code] = items
    return out
