"""Models of supplier quality.

* :class:`Supplier` — one supplier of a customer enterprise: a registry enterprise where it is
  one, or an external name; approval status and contact.
* :class:`SuppliedPart` — a part a supplier delivers, with its AQL and inspection level, and the
  switching state of GB/T 2828.1 clause 9 kept per supplier and part.
* :class:`IncomingLot` — one lot received: the sampling plan read from the GB/T 2828.1 library
  (``qualitas.analytics.sampling``) at the severity in force, the result and the decision.
* :class:`AuditTemplate`, :class:`AuditQuestion` — versioned process-audit checklists;
  :class:`SupplierAudit`, :class:`AuditAnswer` — a second-party audit, its answers and result.
* :class:`CorrectiveAction` — an 8D / SCAR through D1–D8 with verification of effectiveness.

Every write goes through ``suppliers.services`` and is written to the audit chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.suppliers.choices import (
    ActionSource,
    ActionStatus,
    ApprovalStatus,
    AuditStatus,
    CauseCategory,
    InspectionLevel,
    LotDecision,
    Severity,
    SwitchReason,
)


def _pick(zh: str, en: str) -> str:
    return en if en and (translation.get_language() or "").startswith("en") else zh


class Supplier(models.Model):
    """A supplier on a customer enterprise's list."""

    customer = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="suppliers",
        verbose_name=_("customer"),
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers",
        verbose_name=_("enterprise in the registry"),
    )
    code = models.CharField(_("supplier code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("approval status"),
        max_length=16,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.APPROVED,
    )
    contact_name = models.CharField(_("contact"), max_length=100, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["customer_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "code"], name="sup_customer_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SuppliedPart(models.Model):
    """A part a supplier delivers, its inspection terms and its switching state."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="parts", verbose_name=_("supplier")
    )
    part_number = models.CharField(_("part number"), max_length=60)
    name = models.CharField(_("part name"), max_length=200)
    characteristics = models.TextField(_("characteristics inspected"), blank=True)
    aql = models.CharField(_("AQL"), max_length=8)
    level = models.CharField(
        _("inspection level"),
        max_length=4,
        choices=InspectionLevel.choices,
        default=InspectionLevel.II,
    )
    # Switching state (GB/T 2828.1-2012 clause 9), updated by every lot result.
    severity = models.CharField(
        _("inspection severity"), max_length=16, choices=Severity.choices, default=Severity.NORMAL
    )
    switching_score = models.IntegerField(_("switching score"), null=True, default=0)
    normal_results = models.CharField(max_length=8, blank=True, default="")  # "A"/"R", oldest first
    normal_accepted_run = models.PositiveIntegerField(default=0)
    tightened_accepted_run = models.PositiveIntegerField(default=0)
    tightened_not_accepted = models.PositiveIntegerField(default=0)
    reduced_approved = models.BooleanField(
        _("reduced inspection approved by the responsible authority"), default=False
    )

    class Meta:
        verbose_name = _("supplied part")
        verbose_name_plural = _("supplied parts")
        ordering = ["supplier_id", "part_number"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "part_number"], name="sup_part_unique")
        ]

    def __str__(self) -> str:
        return f"{self.part_number} {self.name}"


class IncomingLot(models.Model):
    """A lot received from a supplier, its sampling plan, result and decision."""

    part = models.ForeignKey(
        SuppliedPart,
        on_delete=models.CASCADE,
        related_name="lots",
        verbose_name=pgettext_lazy("supplied part", "part"),
    )
    lot_number = models.CharField(_("lot number"), max_length=80)
    lot_size = models.PositiveIntegerField(_("lot size"))
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(
        _("due on"),
        null=True,
        blank=True,
        help_text=_("the delivery date promised by the supplier (for on-time delivery)"),
    )
    trace_ref = models.CharField(
        _("traceability reference"),
        max_length=200,
        blank=True,
        help_text=_("EPC or lot identifier of the receiving event, where traceability has one"),
    )
    # The plan, as read from the library at reception (kept: the tables decide at that moment).
    severity = models.CharField(_("inspection severity"), max_length=16, choices=Severity.choices)
    aql = models.CharField(_("AQL"), max_length=8)
    level = models.CharField(_("inspection level"), max_length=4, choices=InspectionLevel.choices)
    code_letter = models.CharField(_("code letter"), max_length=1)
    code_letter_used = models.CharField(_("code letter of the plan"), max_length=1)
    sample_size = models.PositiveIntegerField(_("sample size"))
    accept_number = models.PositiveIntegerField(_("acceptance number Ac"))
    reject_number = models.PositiveIntegerField(_("rejection number Re"))
    hundred_percent = models.BooleanField(_("100 % inspection"), default=False)
    nonconforming = models.PositiveIntegerField(_("nonconforming items"), null=True, blank=True)
    decision = models.CharField(
        pgettext_lazy("lot", "decision"),
        max_length=16,
        choices=LotDecision.choices,
        default=LotDecision.PENDING,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    switch_reason = models.CharField(
        _("switching"), max_length=32, choices=SwitchReason.choices, blank=True
    )
    severity_after = models.CharField(
        _("severity for the next lot"), max_length=16, choices=Severity.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("incoming lot")
        verbose_name_plural = _("incoming lots")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["part", "lot_number"], name="sup_lot_unique")
        ]
        indexes = [models.Index(fields=["part", "received_on"], name="sup_lot_part_day")]

    def __str__(self) -> str:
        return self.lot_number

    @property
    def switch_text(self) -> str:
        return str(self.get_switch_reason_display()) if self.switch_reason else ""


class AuditTemplate(models.Model):
    """A versioned audit checklist (the shipped process audit, or a customer's imported one).

    A template in use by an audit is never edited: a change makes the next version."""

    owner = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )  # None: shipped with the platform
    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("audit checklist")
        verbose_name_plural = _("audit checklists")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "code", "version"], name="sup_tpl_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)


class AuditQuestion(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="questions")
    number = models.CharField(_("number"), max_length=12)
    element = models.CharField(_("process element"), max_length=4)
    sub_element = models.CharField(_("sub-element"), max_length=8, blank=True)
    star = models.BooleanField(_("star question"), default=False)
    text_zh = models.CharField(_("question (Chinese)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="sup_question_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text}"

    @property
    def text(self) -> str:
        return _pick(self.text_zh, self.text_en)


class SupplierAudit(models.Model):
    """A second-party process audit of a supplier: planned, performed, scored, classified."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="audits", verbose_name=_("supplier")
    )
    template = models.ForeignKey(
        AuditTemplate, on_delete=models.PROTECT, related_name="audits", verbose_name=_("checklist")
    )
    planned_on = models.DateField(_("planned for"))
    performed_on = models.DateField(_("performed on"), null=True, blank=True)
    lead_auditor = models.CharField(_("lead auditor"), max_length=100)
    scope = models.CharField(_("scope"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )
    overall = models.DecimalField(
        _("overall result E_G (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    score_class = models.CharField(_("class by score"), max_length=1, blank=True)
    final_class = models.CharField(pgettext_lazy("grade", "class"), max_length=1, blank=True)
    element_results = models.JSONField(default=dict, blank=True)
    downgrades = models.JSONField(default=list, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("supplier audit")
        verbose_name_plural = _("supplier audits")
        ordering = ["-planned_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.supplier.code} {self.planned_on:%Y-%m-%d}"


class AuditAnswer(models.Model):
    """A question's evaluation in one audit: score(s) or not evaluated with a reason; the finding
    and its evidence."""

    audit = models.ForeignKey(SupplierAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("scores"), default=list, blank=True)  # one per product/step
    not_evaluated_reason = models.CharField(_("reason not evaluated"), max_length=300, blank=True)
    finding = models.TextField(_("finding"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        ordering = ["audit_id", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="sup_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.audit_id}/{self.question_id}"


class CorrectiveAction(models.Model):
    """A supplier corrective action request worked through the eight disciplines (8D / SCAR).

    ``step`` is the last discipline completed (0: opened). The supplier completes D1–D6, the
    customer verifies effectiveness (D7) and closes (D8); an action not found effective goes back
    to the root cause (D4)."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="actions", verbose_name=_("supplier")
    )
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("problem"), max_length=300)
    source = models.CharField(_("opened from"), max_length=16, choices=ActionSource.choices)
    lot = models.ForeignKey(
        IncomingLot, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    audit = models.ForeignKey(
        SupplierAudit, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("due on"))
    step = models.PositiveSmallIntegerField(_("disciplines completed"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    # D1–D8: the owner and the record of each discipline, {"D1": {"owner": …, "text": …, "on": …}}
    disciplines = models.JSONField(default=dict, blank=True)
    whys = models.JSONField(_("5 Why"), default=list, blank=True)
    cause_category = models.CharField(
        _("cause category"), max_length=16, choices=CauseCategory.choices, blank=True
    )
    effective = models.BooleanField(_("found effective"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("corrective action (8D)")
        verbose_name_plural = _("corrective actions (8D)")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "number"], name="sup_action_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def next_discipline(self) -> int | None:
        return self.step + 1 if self.step < 8 else None
