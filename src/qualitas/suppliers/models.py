"""Models of supplier quality.

* :class:`Supplier` — one supplier of a customer enterprise: a registry enterprise where it is
  one, or an external name; approval status and contact.
* :class:`SuppliedPart` — a part a supplier delivers, with its AQL and inspection level, and the
  switching state of GB/T 2828.1 clause 9 kept per supplier and part.
* :class:`IncomingLot` — one lot received: the sampling plan read from the GB/T 2828.1 library
  (``qualitas.analytics.sampling``) at the severity in force, the result and the decision.

Every write goes through ``suppliers.services`` and is written to the audit chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitas.suppliers.choices import (
    ApprovalStatus,
    InspectionLevel,
    LotDecision,
    Severity,
    SwitchReason,
)


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
        SuppliedPart, on_delete=models.CASCADE, related_name="lots", verbose_name=_("part")
    )
    lot_number = models.CharField(_("lot number"), max_length=80)
    lot_size = models.PositiveIntegerField(_("lot size"))
    received_on = models.DateField(_("received on"))
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
        _("decision"), max_length=16, choices=LotDecision.choices, default=LotDecision.PENDING
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
