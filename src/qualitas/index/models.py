"""Models of the quality management level index, the map and early warning.

* :class:`MethodologyVersion` — everything that decides the numbers; immutable once published.
* :class:`IndicatorObservation` — the per-enterprise, per-quarter inputs, extracted from the
  source apps (or the demo) into one table, so that a run reads one snapshot.
* :class:`IndexRun` and :class:`IndexValue` — one computation under one version and its cells;
  runs are never edited, so past values stay reproducible under the version that made them.
* :class:`WarningRule` and :class:`Warning` — early warning, with acknowledgement.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitas.index.choices import (
    CellStatus,
    RegionLevel,
    RuleKind,
    RunStatus,
    VersionStatus,
    WarningStatus,
)


class ImmutableError(Exception):
    """A published methodology version or a finished run cannot be changed."""


class MethodologyVersion(models.Model):
    """A versioned methodology: indicators with weights and normalisation, base period,
    small-cell rule and bootstrap. Draft while being prepared; once published it is never
    edited (a change is a new version)."""

    code = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    base_period = models.CharField(
        _("base period"), max_length=6, help_text=_("2024 or 2024Q1; the nation scores 100 there")
    )
    min_group_size = models.PositiveSmallIntegerField(_("minimum group size"), default=5)
    replicates = models.PositiveIntegerField(_("bootstrap replicates"), default=200)
    confidence = models.DecimalField(
        _("band coverage"), max_digits=4, decimal_places=3, default=0.95
    )
    min_weight_coverage = models.DecimalField(
        _("minimum weight coverage"), max_digits=4, decimal_places=3, default=0.5
    )
    seed = models.BigIntegerField(_("bootstrap seed"))
    indicators = models.JSONField(
        _("indicators"), help_text=_("[{key, weight, normalisation, higher_is_better}]")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("methodology version")
        verbose_name_plural = _("methodology versions")
        ordering = ["-published_at", "-code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            stored = MethodologyVersion.objects.filter(pk=self.pk).values("status").first()
            if (
                stored
                and stored["status"] != VersionStatus.DRAFT
                and self.status != VersionStatus.RETIRED
            ):
                raise ImmutableError(
                    "a published methodology version cannot be changed; create a new version"
                )
        super().save(*args, **kwargs)

    def as_methodology(self) -> Any:
        """The analytics-core form of this version."""
        from qualitas.analytics.index import IndicatorSpec, Methodology, Normalisation

        return Methodology(
            version=self.code,
            base_period=self.base_period,
            seed=int(self.seed),
            min_group_size=int(self.min_group_size),
            replicates=int(self.replicates),
            confidence=float(self.confidence),
            min_weight_coverage=float(self.min_weight_coverage),
            indicators=tuple(
                IndicatorSpec(
                    key=i["key"],
                    weight=float(i["weight"]),
                    normalisation=Normalisation(i.get("normalisation", "ratio")),
                    higher_is_better=bool(i.get("higher_is_better", True)),
                )
                for i in self.indicators
            ),
        )


class IndicatorObservation(models.Model):
    """One enterprise's numerator and denominator of one indicator at a quarter end."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="index_observations"
    )
    quarter = models.CharField(_("quarter"), max_length=6)
    indicator = models.CharField(_("indicator"), max_length=40)
    num = models.FloatField(_("numerator"))
    den = models.FloatField(_("denominator"))
    source = models.CharField(_("source"), max_length=20)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator observation")
        verbose_name_plural = _("indicator observations")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "quarter", "indicator"], name="index_observation_unique"
            )
        ]
        indexes = [models.Index(fields=["quarter", "indicator"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.quarter} {self.indicator}"


class ObservationArchive(models.Model):
    """An observation as it was before a re-extraction replaced or removed it. With the current
    table it rebuilds the observations any past run read (``extracted_at ≤ run start <
    replaced_at``), so a past run reproduces after its quarters were re-extracted."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    quarter = models.CharField(_("quarter"), max_length=6)
    indicator = models.CharField(_("indicator"), max_length=40)
    num = models.FloatField(_("numerator"))
    den = models.FloatField(_("denominator"))
    source = models.CharField(_("source"), max_length=20)
    extracted_at = models.DateTimeField()
    replaced_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("archived observation")
        verbose_name_plural = _("archived observations")
        indexes = [models.Index(fields=["quarter", "indicator"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.quarter} {self.indicator} (until {self.replaced_at})"


class IndexRun(models.Model):
    """One computation of the index under one methodology version; never edited afterwards."""

    version = models.ForeignKey(
        MethodologyVersion,
        on_delete=models.PROTECT,
        related_name="runs",
        verbose_name=_("methodology version"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    observations = models.PositiveIntegerField(default=0)
    digest = models.CharField(
        _("input digest"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the sorted observations the run read"),
    )
    references = models.JSONField(default=dict)
    periods = models.JSONField(default=list)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("index run")
        verbose_name_plural = _("index runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.version.code} run #{self.pk}"


class IndexValue(models.Model):
    """One cell: region × industry × period under one run. ``value``/``lo``/``hi`` are null for
    an insufficient cell (never a number)."""

    run = models.ForeignKey(IndexRun, on_delete=models.CASCADE, related_name="values")
    region = models.CharField(_("region"), max_length=6)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.CharField(_("parent region"), max_length=6, blank=True)
    industry = models.CharField(_("industry"), max_length=5)
    period = models.CharField(_("period"), max_length=6)
    period_kind = models.CharField(_("period kind"), max_length=8)
    n = models.PositiveIntegerField(_("enterprises"))
    value = models.FloatField(_("index"), null=True)
    lo = models.FloatField(_("band low"), null=True)
    hi = models.FloatField(_("band high"), null=True)
    status = models.CharField(_("status"), max_length=16, choices=CellStatus.choices)
    rank = models.PositiveIntegerField(_("rank"), null=True)
    prev_value = models.FloatField(_("previous value"), null=True)
    indicators = models.JSONField(_("indicators"), default=dict)

    class Meta:
        verbose_name = _("index value")
        verbose_name_plural = _("index values")
        indexes = [
            models.Index(fields=["run", "industry", "period", "level", "parent"]),
            models.Index(fields=["run", "region", "industry"]),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.industry} {self.period}"


class WarningRule(models.Model):
    """An early-warning rule with its thresholds; authority officers tune the rules of their
    regions (``region_prefix``), admins the national ones."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    indicator = models.CharField(
        _("indicator"), max_length=40, blank=True, help_text=_("empty: the index itself")
    )
    amount = models.DecimalField(
        _("fall of more than (points)"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    threshold = models.DecimalField(
        _("threshold"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    below = models.BooleanField(_("warn when falling below"), default=True)
    k = models.DecimalField(
        _("k (standard deviations)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    window = models.PositiveSmallIntegerField(_("window (quarters)"), default=4)
    region_prefix = models.CharField(
        _("regions"),
        max_length=6,
        blank=True,
        help_text=_("province or city code prefix; empty: the whole country"),
    )
    industry = models.CharField(
        _("industry"),
        max_length=5,
        blank=True,
        help_text=_("C: all manufacturing only; a division; empty: every industry cell"),
    )
    active = models.BooleanField(_("active"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("warning rule")
        verbose_name_plural = _("warning rules")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Warning(models.Model):
    """A rule fired on one cell: which rule, on what numbers, with the enterprises behind it."""

    rule = models.ForeignKey(WarningRule, on_delete=models.PROTECT, related_name="warnings")
    run = models.ForeignKey(IndexRun, on_delete=models.CASCADE, related_name="warnings")
    region = models.CharField(_("region"), max_length=6)
    industry = models.CharField(_("industry"), max_length=5)
    period = models.CharField(_("period"), max_length=6)
    indicator = models.CharField(_("indicator"), max_length=40, blank=True)
    numbers = models.JSONField(_("numbers"), default=dict)
    enterprise_ids = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-created_at", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "run", "region", "industry", "period"], name="index_warning_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "region"])]

    def __str__(self) -> str:
        return f"{self.rule} · {self.region} {self.industry} {self.period}"
