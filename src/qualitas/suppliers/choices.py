"""Enumerations of supplier quality."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApprovalStatus(models.TextChoices):
    APPROVED = "approved", pgettext_lazy("supplier", "Approved")
    CONDITIONAL = "conditional", _("Conditionally approved")
    BLOCKED = "blocked", _("Blocked")


class Severity(models.TextChoices):
    """Inspection severity of GB/T 2828.1 clause 9, plus discontinued inspection (9.4)."""

    NORMAL = "normal", _("Normal inspection")
    TIGHTENED = "tightened", _("Tightened inspection")
    REDUCED = "reduced", _("Reduced inspection")
    DISCONTINUED = "discontinued", _("Inspection discontinued")


class InspectionLevel(models.TextChoices):
    S1 = "S-1", "S-1"
    S2 = "S-2", "S-2"
    S3 = "S-3", "S-3"
    S4 = "S-4", "S-4"
    I = "I", "I"  # noqa: E741
    II = "II", "II"
    III = "III", "III"


class LotDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting the result")
    ACCEPTED = "accepted", pgettext_lazy("lot", "Accepted")
    REJECTED = "rejected", pgettext_lazy("lot", "Rejected")


class SwitchReason(models.TextChoices):
    """Why the severity changed after a lot (GB/T 2828.1-2012 clause 9)."""

    NONE = "", ""
    TO_TIGHTENED = (
        "to_tightened",
        _("2 of 5 or fewer consecutive lots not accepted on normal inspection"),
    )
    TO_NORMAL_FROM_TIGHTENED = (
        "tightened_to_normal",
        _("5 consecutive lots accepted on tightened inspection"),
    )
    TO_REDUCED = (
        "to_reduced",
        _("switching score of at least 30, steady production and approval for reduced inspection"),
    )
    REDUCED_REJECTED = "reduced_rejected", _("a lot not accepted on reduced inspection")
    REDUCED_IRREGULAR = "reduced_irregular", _("production irregular or delayed")
    REDUCED_OTHER = "reduced_other", _("other conditions warrant normal inspection")
    DISCONTINUED = (
        "discontinued",
        _("5 lots not accepted on tightened inspection: inspection discontinued"),
    )
    RESUMED = "resumed", _("corrective action accepted: inspection resumes on tightened inspection")


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class ActionSource(models.TextChoices):
    REJECTED_LOT = "rejected_lot", _("Rejected lot")
    AUDIT_FINDING = "audit_finding", _("Audit finding")
    COMPLAINT = "complaint", _("Customer complaint")
    FIELD_FAILURE = "field_failure", _("Field failure")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    VERIFICATION = "verification", _("Awaiting verification")
    CLOSED = "closed", _("Closed")


class CauseCategory(models.TextChoices):
    """The six cause categories 人机料法环测."""

    MAN = "man", _("Man (people)")
    MACHINE = "machine", _("Machine")
    MATERIAL = "material", _("Material")
    METHOD = "method", _("Method")
    ENVIRONMENT = "environment", _("Environment")
    MEASUREMENT = "measurement", _("Measurement")


#: The eight disciplines (D1–D8).
DISCIPLINES: dict[int, Any] = {
    1: _("D1 Team"),
    2: _("D2 Problem description"),
    3: _("D3 Containment"),
    4: _("D4 Root cause"),
    5: _("D5 Permanent corrective actions chosen"),
    6: _("D6 Corrective actions implemented and validated"),
    7: _("D7 Recurrence prevented"),
    8: _("D8 Closure and recognition"),
}
