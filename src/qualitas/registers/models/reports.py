"""Annual plans and the regional work summary (年度工作总结), due each year by 10 December.

An authority drafts its annual plan with target figures; the work summary of a region and year
is compiled from what the platform's apps report through ``core.providers`` (each figure with
the query it came from), edited (the narrative), and published."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitas.registers.choices import EntryStatus

#: the work summary of a year is due by this day (month, day) of the same year
SUMMARY_DUE = (12, 10)


def summary_due(year: int) -> date:
    """The day the work summary of ``year`` is due: 10 December of that year."""
    return date(year, *SUMMARY_DUE)


class AnnualPlan(models.Model):
    """An authority's plan for a region and year: its text and the figures it aims for."""

    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("plan"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="registers_one_plan_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class PlanTarget(models.Model):
    """A target figure of a plan, keyed like a summary figure so the summary sets them side by side."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="targets")
    key = models.CharField(_("figure"), max_length=60)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="registers_one_target_a_figure")
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.target}"


class WorkSummary(models.Model):
    """The work summary of a region and year: compiled figures (with their sources) and the
    officers' narrative; published once, then public."""

    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    #: ``[{"key", "section", "value", "unit", "source", "target"}]`` as compiled (labels are
    #: looked up by key when shown, in the reader's language)
    figures = models.JSONField(_("figures"), default=list)
    narrative = models.TextField(_("narrative"), blank=True)
    compiled_at = models.DateTimeField(null=True, blank=True)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("work summary")
        verbose_name_plural = _("work summaries")
        ordering = ["-year", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="registers_one_summary_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id}"

    @property
    def due(self) -> date:
        return summary_due(self.year)
