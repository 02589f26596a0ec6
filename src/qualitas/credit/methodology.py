"""The quality credit methodology's first version (the platform's own weights: no published
weights exist — ``credit_risk_indicators.csv``: SAMR's and the provincial schemes' points are
"not published"). Factors are read only through ``core.providers`` credit factors; a factor no
app provides yet counts as its stated ``missing`` value, and the methodology page says so."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

#: key → weight, value used without data, the app expected to provide it, what would raise it
FACTORS_V1: dict[str, dict[str, object]] = {
    "capability_level": {"weight": 0.25, "missing": 0.0, "source": "evaluation"},
    "capability_summary": {"weight": 0.10, "missing": 0.0, "source": "diagnosis"},
    "spot_checks": {"weight": 0.15, "missing": 0.7, "source": "supervision"},
    "recall_record": {"weight": 0.10, "missing": 1.0, "source": "traceability"},
    "penalties_lists": {"weight": 0.30, "missing": 1.0, "source": "credit"},
    "complaints": {"weight": 0.05, "missing": 0.5, "source": "complaints"},
    "standards_brands": {
        "weight": 0.05,
        "missing": 0.0,
        "source": "standards, brands (not yet built)",
    },
}
THRESHOLDS_V1: list[tuple[str, float]] = [("AAA", 90), ("AA", 80), ("A", 70), ("B", 60), ("C", 0)]
HALF_LIFE_V1 = 365
#: the highest class an enterprise on a list may have (index into the thresholds)
LIST_CAPS = {"serious": 4, "abnormal": 3}

LABELS = {
    "capability_level": _("Capability level"),
    "capability_summary": _("Process capability"),
    "spot_checks": _("Supervision spot-checks"),
    "recall_record": _("Product recalls"),
    "penalties_lists": _("Penalties and lists"),
    "complaints": _("Complaints"),
    "standards_brands": _("Standards, brands and certifications"),
    "product_grades": _("Product quality grades"),
    "supplier_lot_acceptance": _("Lot acceptance at customers"),
}

#: the factors a methodology version may weigh (key → the app that provides it)
KNOWN_FACTORS: dict[str, str] = {
    **{k: str(v["source"]) for k, v in FACTORS_V1.items()},
    "product_grades": "standards",
    "supplier_lot_acceptance": "suppliers",
}
#: the classes a methodology version grades into, highest first (``CreditClass``)
CLASS_ORDER = ("AAA", "AA", "A", "B", "C")

RAISE = {
    "capability_level": _("Be evaluated, or re-evaluated, at a higher capability level."),
    "capability_summary": _(
        "Bring more monitored characteristics to a capability of 1.33 or more."
    ),
    "spot_checks": _("Pass supervision spot-checks; rectify any unqualified product."),
    "recall_record": _("Recover more of the units affected by a recall."),
    "penalties_lists": _(
        "Weight of penalties decays with time; after rectification apply for credit repair."
    ),
    "complaints": _("No source yet: complaints are not yet recorded on the platform."),
    "standards_brands": _(
        "No source yet: standards and brands are not yet recorded on the platform."
    ),
    "product_grades": _("Have products graded, and keep graded products qualified."),
    "supplier_lot_acceptance": _("Have more of your lots accepted on customers' inspection."),
}

NOTE_V1 = (
    "Weights, missing values, the decay half-life and the class thresholds are this platform's own "
    "(no official weights are published); version 2026.1."
)
