"""Laboratories (task 12): industrial product quality control and technical evaluation
laboratories with their accredited test items (standard and method), CMA and CNAS numbers with
validity, the re-assessment schedule and the results of assessments."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.registers.choices import AssessmentKind, AssessmentResult
from qualitas.registers.models.base import Entry, pick


class Laboratory(Entry):
    """A laboratory of the register; ``institution`` links the registry's institution when one exists."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    institution = models.ForeignKey(
        "registry.Institution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("institution"),
    )
    specialties = models.CharField(_("fields"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    cma_no = models.CharField(_("CMA certificate number"), max_length=20, blank=True)
    cma_valid_until = models.DateField(_("CMA valid until"), null=True, blank=True)
    cnas_no = models.CharField(_("CNAS accreditation number"), max_length=20, blank=True)
    cnas_valid_until = models.DateField(_("CNAS valid until"), null=True, blank=True)
    reassessment_due = models.DateField(_("next re-assessment"), null=True, blank=True)

    class Meta:
        verbose_name = _("laboratory")
        verbose_name_plural = _("laboratories")
        ordering = ["code"]


class LabTestItem(models.Model):
    """A test item the laboratory is accredited for: what, after which standard, by which method."""

    lab = models.ForeignKey(Laboratory, on_delete=models.CASCADE, related_name="items")
    name_zh = models.CharField(_("test item (Chinese)"), max_length=200)
    name_en = models.CharField(_("test item (English)"), max_length=300, blank=True)
    standard = models.CharField(_("standard"), max_length=200, db_index=True)
    method = models.CharField(_("test method"), max_length=200, blank=True)

    class Meta:
        ordering = ["lab", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.standard})"

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class LabAssessment(models.Model):
    """An assessment of the laboratory (accreditation, re-assessment, supervisory review) and its result."""

    lab = models.ForeignKey(Laboratory, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=16, choices=AssessmentKind.choices)
    assessed_on = models.DateField(pgettext_lazy("laboratory", "assessed on"))
    result = models.CharField(_("result"), max_length=16, choices=AssessmentResult.choices)
    note = models.CharField(_("note"), max_length=400, blank=True)

    class Meta:
        ordering = ["lab", "-assessed_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.assessed_on}"
