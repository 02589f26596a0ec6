"""Models of consumer complaints and common-problem warnings.

* :class:`Complaint` — one complaint from the public: product category, problem type, region,
  description; the complainant's contact sealed (``crypto``), a hash of the secret tracking
  token; routed to an enterprise with a deadline in working days, its response, the
  complainant's confirmation or dispute, escalation when overdue.
* :class:`ProblemWarning` — a cluster of similar complaints above its baseline
  (``clustering``): evidence, status (proposed → confirmed → published, or dismissed).

Every change goes through ``complaints.services`` and is written to the audit chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitas.complaints.choices import (
    ComplaintStatus,
    ProblemType,
    ProductCategory,
    WarningStatus,
)
from qualitas.registry.models import Enterprise, Region


class Complaint(models.Model):
    """A consumer complaint (personal data only in ``contact_sealed``)."""

    code = models.CharField(_("complaint number"), max_length=20, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    category = models.CharField(
        _("product category"), max_length=16, choices=ProductCategory.choices
    )
    problem = models.CharField(_("problem type"), max_length=16, choices=ProblemType.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    product = models.CharField(_("product"), max_length=120)
    brand = models.CharField(_("brand or model"), max_length=120, blank=True)
    description = models.TextField(_("what happened"))
    purchased_on = models.DateField(_("purchase date"), null=True, blank=True)
    enterprise_given = models.CharField(_("enterprise named"), max_length=120, blank=True)
    credit_code_given = models.CharField(_("credit code named"), max_length=18, blank=True)
    contact_sealed = models.TextField(blank=True)
    received_on = models.DateField(_("received on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    enterprise = models.ForeignKey(
        Enterprise,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    routed_on = models.DateField(_("sent on"), null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline = models.DateField(_("response due"), null=True, blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    response = models.TextField(_("enterprise's response"), blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    complainant_note = models.TextField(_("complainant's note"), blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["received_on"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["enterprise", "received_on"]),
        ]

    def __str__(self) -> str:
        return self.code


class ProblemWarning(models.Model):
    """A common quality problem: similar complaints above their cell's baseline."""

    category = models.CharField(
        _("product category"), max_length=16, choices=ProductCategory.choices
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    problem = models.CharField(_("problem type"), max_length=16, choices=ProblemType.choices)
    window_start = models.DateField(_("from"))
    window_end = models.DateField(_("to"))
    size = models.PositiveIntegerField(_("similar complaints"))
    baseline = models.FloatField(_("baseline per window"))
    threshold = models.FloatField(_("threshold"))
    terms = models.JSONField(_("common terms"), default=list)
    evidence = models.ManyToManyField(Complaint, related_name="warnings")
    status = models.CharField(
        _("status"), max_length=16, choices=WarningStatus.choices, default=WarningStatus.PROPOSED
    )
    summary = models.TextField(_("public summary"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("common-problem warning")
        verbose_name_plural = _("common-problem warnings")
        ordering = ["-window_end", "-size"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "region", "problem", "window_end"], name="one_warning_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.region_id} {self.problem} {self.window_end}"
