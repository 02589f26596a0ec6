"""Typical cases (tasks 2, 7, 14, 20): quality improvement, reliability, brand and pilot cases
with industry, methods, problem, measures, results and key figures; the problems each helps with
(``CaseTopic``) drive the suggestions; ``search_tokens`` serve the full-text search (ADR 0002)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitas.registers.choices import CaseProblem, CaseType
from qualitas.registers.models.base import Entry, pick


class TypicalCase(Entry):
    """A case of the library; ``enterprise`` names the registry enterprise when it is public."""

    case_type = models.CharField(_("case type"), max_length=16, choices=CaseType.choices)
    industry = models.ForeignKey(
        "registry.Industry", on_delete=models.PROTECT, related_name="+", verbose_name=_("industry")
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    methods = models.CharField(_("methods"), max_length=300, blank=True)
    problem = models.TextField(_("problem"))
    measures = models.TextField(_("measures"))
    results = models.TextField(_("results"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    search_tokens = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")
        ordering = ["-published_at", "-pk"]


class CaseFigure(models.Model):
    """A key figure of the case: before and after, with its unit."""

    case = models.ForeignKey(TypicalCase, on_delete=models.CASCADE, related_name="figures")
    label_zh = models.CharField(_("figure (Chinese)"), max_length=100)
    label_en = models.CharField(_("figure (English)"), max_length=200, blank=True)
    before = models.DecimalField(_("before"), max_digits=14, decimal_places=4, null=True)
    after = models.DecimalField(_("after"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    class Meta:
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.after}{self.unit}"

    @property
    def label(self) -> str:
        return pick(self.label_zh, self.label_en)


class CaseTopic(models.Model):
    """A problem the case helps with: a kind and its detail (characteristic type, evaluation
    dimension or product category; "" for any)."""

    case = models.ForeignKey(TypicalCase, on_delete=models.CASCADE, related_name="topics")
    problem = models.CharField(_("problem"), max_length=24, choices=CaseProblem.choices)
    detail = models.CharField(_("detail"), max_length=60, blank=True, db_index=True)

    class Meta:
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.problem}:{self.detail}"
