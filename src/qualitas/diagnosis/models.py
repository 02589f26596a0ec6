"""Models of problem diagnosis: characteristics and their measurements, data sets, studies,
alerts with the out-of-control action plan (assignable causes, corrective actions), capability
summaries (gateway tokens are platform tokens: ``core.models.ApiToken``).

All rows belong to one enterprise and are private to it (row access, ``core.access``);
authority officers see only aggregates (``selectors.authority_aggregates``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.diagnosis.choices import (
    ATTRIBUTE_CHARTS,
    SIZED_CHARTS,
    AlertStatus,
    BatchSource,
    ChartType,
    DataSetStatus,
    RuleSet,
    StudyKind,
)
from qualitas.diagnosis.rules import rule_description, rule_label
from qualitas.diagnosis.units import SYMBOLS


def validate_unit(value: str) -> None:
    """A unit must be one of the shipped unit symbols (``diagnosis.units``)."""
    if value not in SYMBOLS:
        raise ValidationError(
            _("unknown unit %(unit)s: choose one of the listed units"), params={"unit": value}
        )


class Characteristic(models.Model):
    """A measured product or process characteristic with its specification and chart settings.

    ``frozen_limits`` holds the Phase II limits (``center``, ``lcl``, ``ucl``, ``sigma``, ``se``
    of the plotted statistic, ``chart``) frozen from a Phase I study (``frozen_from``) at
    ``frozen_at``; new data are judged against them while ``monitored`` is set.
    """

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="characteristics",
        verbose_name=_("enterprise"),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=16, validators=[validate_unit])
    lsl = models.DecimalField(
        _("lower specification limit"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    usl = models.DecimalField(
        _("upper specification limit"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    subgroup_size = models.PositiveSmallIntegerField(_("subgroup size"), default=1)
    chart_type = models.CharField(
        _("chart type"), max_length=16, choices=ChartType.choices, default=ChartType.IMR
    )
    rule_set = models.CharField(
        _("rule set"), max_length=16, choices=RuleSet.choices, default=RuleSet.NELSON
    )
    site = models.ForeignKey(
        "registry.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("site"),
    )
    product = models.ForeignKey(
        "registry.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("product"),
    )
    line = models.CharField(_("production line"), max_length=100, blank=True)
    monitored = models.BooleanField(_("monitored"), default=False)
    frozen_limits = models.JSONField(_("frozen limits"), default=dict, blank=True)
    frozen_from = models.ForeignKey(
        "Study",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("frozen from study"),
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    last_cpk = models.FloatField(_("last Cpk"), null=True, blank=True)
    last_cpk_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("characteristic")
        verbose_name_plural = pgettext_lazy("model", "characteristics")
        ordering = ["enterprise", "name", "pk"]
        indexes = [models.Index(fields=["enterprise", "monitored"])]

    def __str__(self) -> str:
        return f"{self.name} [{self.unit}]"

    @property
    def has_frozen_limits(self) -> bool:
        return bool(self.frozen_limits.get("ucl") is not None)

    @property
    def is_attribute(self) -> bool:
        """Counts per inspected sample (p, np, c, u charts) rather than measured values."""
        return self.chart_type in ATTRIBUTE_CHARTS

    @property
    def needs_sizes(self) -> bool:
        """Each count comes with its sample size (p, np, u)."""
        return self.chart_type in SIZED_CHARTS


class IngestBatch(models.Model):
    """One batch of measurements received; the client's batch id makes a retried batch a no-op."""

    characteristic = models.ForeignKey(
        Characteristic, on_delete=models.CASCADE, related_name="batches"
    )
    batch_id = models.CharField(_("client batch id"), max_length=100)
    points = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=16, choices=BatchSource.choices, default=BatchSource.API)
    received_at = models.DateTimeField(auto_now_add=True)
    violations = models.PositiveIntegerField(default=0)
    # SHA-256 of the batch's times, values, subgroups and sizes: a retry with the same id and the
    # same data is a no-op, the same id with other data a conflict ("" for batches stored before)
    digest = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("ingest batch")
        verbose_name_plural = _("ingest batches")
        constraints = [
            models.UniqueConstraint(
                fields=["characteristic", "batch_id"],
                name="diagnosis_batch_unique_per_characteristic",
            )
        ]

    def __str__(self) -> str:
        return f"{self.characteristic_id}:{self.batch_id}"


class Measurement(models.Model):
    """One measured value (a float) at a UTC time, optionally labelled with its subgroup.

    Of an attribute characteristic (p, np, c, u chart): ``value`` is the count of nonconforming
    units or of nonconformities found in one inspected sample, ``size`` the sample's size
    (units inspected; empty for a c chart's constant inspection unit).
    """

    characteristic = models.ForeignKey(
        Characteristic, on_delete=models.CASCADE, related_name="measurements"
    )
    time = models.DateTimeField()
    value = models.FloatField()
    size = models.FloatField(_("sample size"), null=True, blank=True)
    subgroup = models.CharField(max_length=64, blank=True, default="")
    batch = models.ForeignKey(
        IngestBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [models.Index(fields=["characteristic", "time"], name="diag_meas_char_time")]

    def __str__(self) -> str:
        return f"{self.characteristic_id}@{self.time}: {self.value}"


class DataSet(models.Model):
    """An uploaded CSV/XLSX file and the column mapping chosen for it."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="datasets",
        verbose_name=_("enterprise"),
    )
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to="diagnosis/datasets/")
    columns = models.JSONField(_("columns"), default=list)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    characteristic = models.ForeignKey(
        Characteristic,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="datasets",
        verbose_name=_("imported into"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DataSetStatus.choices, default=DataSetStatus.UPLOADED
    )
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Study(models.Model):
    """A saved analysis: what it was run on (``inputs``), how (``options``) and what came out (``results``)."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="studies",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=StudyKind.choices)
    title = models.CharField(_("title"), max_length=200)
    characteristic = models.ForeignKey(
        Characteristic,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="studies",
        verbose_name=_("characteristic"),
    )
    dataset = models.ForeignKey(
        DataSet,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="studies",
        verbose_name=_("data set"),
    )
    inputs = models.JSONField(_("inputs"), default=dict)
    options = models.JSONField(_("options"), default=dict)
    results = models.JSONField(_("results"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ManagedItem(models.Model):
    """An entry of a managed list; ``enterprise`` empty = a platform default every enterprise sees."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("code"), max_length=32)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (translation.get_language() or "zh-hans").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class AssignableCause(ManagedItem):
    """An assignable (special) cause an engineer can name when acknowledging an alert (5M1E)."""

    class Meta(ManagedItem.Meta):
        verbose_name = _("assignable cause")
        verbose_name_plural = _("assignable causes")


class CorrectiveAction(ManagedItem):
    """A corrective action of the out-of-control action plan."""

    class Meta(ManagedItem.Meta):
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")


class Alert(models.Model):
    """A run-rule violation on new data of a monitored characteristic.

    One alert stays open per (characteristic, rule): later violations of the same rule are
    added to its ``points`` (``occurrences`` counts them) instead of opening another.
    """

    characteristic = models.ForeignKey(
        Characteristic,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("characteristic"),
    )
    rule = models.CharField(_("rule"), max_length=16)
    points = models.JSONField(_("points"), default=list)
    occurrences = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField(_("opened at"))
    last_at = models.DateTimeField(_("last violation at"))
    status = models.CharField(
        _("status"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    cause = models.ForeignKey(
        AssignableCause,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("assignable cause"),
    )
    action = models.ForeignKey(
        CorrectiveAction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("corrective action"),
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["characteristic", "rule", "status"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self) -> str:
        return f"{self.characteristic_id}:{self.rule} ({self.status})"

    @property
    def rule_label(self) -> str:
        """The rule by name in the reader's language ("Nelson rule 2"), never the bare code."""
        return rule_label(self.rule)

    @property
    def rule_description(self) -> str:
        """What the rule tests, one line in the reader's language."""
        return rule_description(self.rule)


class CapabilitySummary(models.Model):
    """Per enterprise: share of monitored characteristics with Cpk ≥ 1.33 and median Cpk over a window.

    Definition in ``docs/methodology/diagnosis.md``.
    """

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="capability_summaries"
    )
    computed_at = models.DateTimeField()
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    monitored = models.PositiveIntegerField(default=0)
    assessed = models.PositiveIntegerField(default=0)
    capable = models.PositiveIntegerField(default=0)
    below_one = models.PositiveIntegerField(default=0)
    share_capable = models.FloatField(null=True)
    median_cpk = models.FloatField(null=True)

    class Meta:
        verbose_name = _("capability summary")
        verbose_name_plural = _("capability summaries")
        ordering = ["-computed_at"]
        indexes = [models.Index(fields=["enterprise", "-computed_at"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.computed_at:%Y-%m-%d}"


__all__ = [
    "Alert",
    "AlertStatus",
    "AssignableCause",
    "BatchSource",
    "CapabilitySummary",
    "Characteristic",
    "CorrectiveAction",
    "DataSet",
    "DataSetStatus",
    "IngestBatch",
    "Measurement",
    "Study",
    "StudyKind",
]
