"""Models of standards self-declaration and forerunner benchmarking.

* :class:`Standard` — the catalogue: national, industry, local, group, enterprise and international
  standards with number, titles, status (current, abolished, replaced by), dates, ICS/CCS classes.
* :class:`StandardLimit` — an indicator limit a catalogue standard sets for a product category
  (the mandatory limits a declaration must be at least as strict as).
* :class:`Declaration` — an enterprise's self-declaration for one of its products (registry
  ``Product`` by id): the standards followed, versioned; published versions are public.
* :class:`DeclaredIndicator` — a core indicator of a declaration: name, unit, declared limit,
  direction, test method, safety flag.

Every write goes through ``standards.services`` and is written to the audit chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from qualitas.standards.choices import (
    Comparison,
    DeclarationStatus,
    IndicatorPart,
    LimitKind,
    ResultSource,
    StandardKind,
    StandardStatus,
)


def _pick(zh: str, en: str) -> str:
    return en if en and (translation.get_language() or "").startswith("en") else zh


class Standard(models.Model):
    code = models.CharField(_("standard number"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=StandardKind.choices)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=StandardStatus.choices, default=StandardStatus.CURRENT
    )
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    ics = models.CharField(_("ICS class"), max_length=20, blank=True)
    ccs = models.CharField(_("CCS class"), max_length=10, blank=True)
    # an enterprise or group standard first named in a declaration (not from an import)
    declared_by = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("first declared by"),
    )

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return _pick(self.title_zh, self.title_en)


class StandardLimit(models.Model):
    """A limit a catalogue standard sets on one indicator of a product category."""

    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, related_name="limits", verbose_name=_("standard")
    )
    category = models.CharField(_("product category"), max_length=100)
    key = models.SlugField(_("indicator key"), max_length=60)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    limit_kind = models.CharField(_("limit"), max_length=8, choices=LimitKind.choices)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=6)
    safety = models.BooleanField(_("safety indicator"), default=False)

    class Meta:
        verbose_name = _("standard limit")
        verbose_name_plural = _("standard limits")
        ordering = ["standard", "category", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "category", "key"], name="standards_limit_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)


class Declaration(models.Model):
    """One version of an enterprise's self-declaration for a product."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="standard_declarations",
        verbose_name=_("enterprise"),
    )
    product = models.ForeignKey(
        "registry.Product",
        on_delete=models.CASCADE,
        related_name="standard_declarations",
        verbose_name=_("product"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    category = models.CharField(_("product category"), max_length=100, db_index=True)
    standards = models.ManyToManyField(
        Standard, related_name="declarations", verbose_name=_("standards followed")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.DRAFT,
        db_index=True,
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("standard declaration")
        verbose_name_plural = _("standard declarations")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "version"], name="standards_decl_version")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} v{self.version}"


class DeclaredIndicator(models.Model):
    """A core indicator of a declaration (of an enterprise or group standard)."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="indicators"
    )
    standard = models.ForeignKey(
        Standard, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.SlugField(_("indicator key"), max_length=60)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    limit_kind = models.CharField(_("limit"), max_length=8, choices=LimitKind.choices)
    value = models.DecimalField(_("declared value"), max_digits=18, decimal_places=6)
    method = models.CharField(_("test method"), max_length=200, blank=True)
    safety = models.BooleanField(_("safety indicator"), default=False)

    class Meta:
        verbose_name = _("declared indicator")
        verbose_name_plural = _("declared indicators")
        ordering = ["declaration", "-safety", "key"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "key"], name="standards_ind_unique")
        ]
        indexes = [models.Index(fields=["key"], name="standards_ind_key")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)


class ForerunnerList(models.Model):
    """A published forerunner list: one category, one indicator, one year, with its method."""

    category = models.CharField(_("product category"), max_length=100)
    key = models.SlugField(_("indicator key"), max_length=60)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    limit_kind = models.CharField(_("limit"), max_length=8, choices=LimitKind.choices)
    method_version = models.PositiveSmallIntegerField(_("method version"), default=1)
    share = models.DecimalField(_("share of forerunners"), max_digits=4, decimal_places=3)
    entries_count = models.PositiveIntegerField(_("declarations ranked"), default=0)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("forerunner list")
        verbose_name_plural = _("forerunner lists")
        ordering = ["-year", "category", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "key", "year"], name="standards_forerunner_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.key} {self.year}"

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)


class ForerunnerEntry(models.Model):
    forerunner_list = models.ForeignKey(
        ForerunnerList, on_delete=models.CASCADE, related_name="entries"
    )
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveIntegerField(_("rank"))
    value = models.DecimalField(_("declared value"), max_digits=18, decimal_places=6)
    forerunner = models.BooleanField(_("forerunner"), default=False)

    class Meta:
        verbose_name = _("forerunner entry")
        verbose_name_plural = _("forerunner entries")
        ordering = ["forerunner_list", "rank", "pk"]

    def __str__(self) -> str:
        return f"{self.forerunner_list_id} #{self.rank}"


class GradingScheme(models.Model):
    """A product quality grading scheme for one product category (one version)."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    category = models.CharField(_("product category"), max_length=100)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    grades = models.JSONField(_("grades, best first"), default=list)
    validity_months = models.PositiveSmallIntegerField(_("validity (months)"), default=12)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("grading scheme")
        verbose_name_plural = _("grading schemes")
        ordering = ["category", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="standards_scheme_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def title(self) -> str:
        return _pick(self.title_zh, self.title_en)


class SchemeIndicator(models.Model):
    scheme = models.ForeignKey(GradingScheme, on_delete=models.CASCADE, related_name="indicators")
    key = models.SlugField(_("indicator key"), max_length=60)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    part = models.CharField(_("part"), max_length=8, choices=IndicatorPart.choices)
    comparison = models.CharField(_("comparison"), max_length=4, choices=Comparison.choices)
    limit = models.DecimalField(_("limit"), max_digits=18, decimal_places=6, null=True, blank=True)
    thresholds = models.JSONField(_("thresholds per grade"), default=dict, blank=True)

    class Meta:
        verbose_name = _("grading indicator")
        verbose_name_plural = _("grading indicators")
        ordering = ["scheme", "part", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "key"], name="standards_scheme_ind")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)


class GradeAssessment(models.Model):
    """A product's grade from one set of test results, valid for the scheme's period."""

    scheme = models.ForeignKey(GradingScheme, on_delete=models.PROTECT, related_name="assessments")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey("registry.Product", on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("grade number"), max_length=40, unique=True)
    source = models.CharField(_("source of results"), max_length=16, choices=ResultSource.choices)
    laboratory = models.CharField(_("laboratory"), max_length=200)
    accreditation = models.CharField(_("accreditation numbers"), max_length=100)
    report_no = models.CharField(_("report number"), max_length=60)
    tested_on = models.DateField(_("tested on"))
    values = models.JSONField(_("measured values"), default=dict)
    qualified = models.BooleanField(_("qualified"), default=False)
    grade = models.CharField(_("grade"), max_length=10, blank=True, db_index=True)
    detail = models.JSONField(_("grade per indicator"), default=dict)
    valid_until = models.DateField(_("valid until"))
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("grade assessment")
        verbose_name_plural = _("grade assessments")
        ordering = ["-tested_on", "-pk"]

    def __str__(self) -> str:
        return self.number
