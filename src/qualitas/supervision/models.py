"""Models of product quality supervision spot-checks.

* :class:`ProductRule` and :class:`TestItem` — an implementation rule (抽查实施细则) per product
  category: the items tested, their standard, limit, unit and class, and the verdict rule.
* :class:`Campaign` — a spot-check plan (national, provincial, city; year; product categories)
  with its published random draw (seed, frame digest, method).
* :class:`Sample` — one drawn enterprise's sample and backup sample through testing, notice,
  objection and re-inspection, rectification and re-check, or refusal.
* :class:`ItemResult` — a test item's value and verdict at one stage.

Every state change goes through ``supervision.services`` and is written to the audit chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from qualitas.supervision.choices import (
    CampaignLevel,
    CampaignStatus,
    ItemClass,
    LimitKind,
    SampleStatus,
    Stage,
    Verdict,
    VerdictRule,
    WeightBy,
)


def _pick(zh: str, en: str) -> str:
    return en if en and (translation.get_language() or "").startswith("en") else zh


class ProductRule(models.Model):
    """A spot-check implementation rule for one product category (version of the rule)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    product_zh = models.CharField(_("product (Chinese)"), max_length=100)
    product_en = models.CharField(_("product (English)"), max_length=150, blank=True)
    document = models.CharField(_("implementation rule"), max_length=200)
    verdict_rule = models.CharField(
        _("verdict rule"), max_length=16, choices=VerdictRule.choices, default=VerdictRule.ANY_ITEM
    )
    major_allowed = models.PositiveSmallIntegerField(_("failed major items allowed"), default=0)
    minor_allowed = models.PositiveSmallIntegerField(_("failed minor items allowed"), default=0)
    sample_size = models.PositiveSmallIntegerField(_("units tested"), default=2)
    backup_size = models.PositiveSmallIntegerField(_("backup units"), default=1)

    class Meta:
        verbose_name = _("implementation rule")
        verbose_name_plural = _("implementation rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.product

    @property
    def product(self) -> str:
        return _pick(self.product_zh, self.product_en)


class TestItem(models.Model):
    """A test item of a rule: standard, method, requirement, limit, unit and class."""

    __test__ = False  # not a pytest class

    rule = models.ForeignKey(ProductRule, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=40)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    standard = models.CharField(_("standard"), max_length=200)
    method = models.CharField(_("test method"), max_length=200, blank=True)
    requirement = models.CharField(_("requirement"), max_length=400, blank=True)
    item_class = models.CharField(_("class"), max_length=16, choices=ItemClass.choices)
    limit_kind = models.CharField(_("limit"), max_length=16, choices=LimitKind.choices)
    low = models.DecimalField(
        _("lower limit"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    high = models.DecimalField(
        _("upper limit"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("test item")
        verbose_name_plural = _("test items")
        ordering = ["rule", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "code"], name="sup_item_rule_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)


class Campaign(models.Model):
    """A spot-check plan and its published random draw.

    ``region`` is the organising authority's region (empty for a national campaign). The draw
    is reproducible: ``seed``, the frame (``frame`` lines ``key,stratum,weight``) and its
    ``frame_digest`` and the ``method`` are published with the results.
    """

    code = models.CharField(_("campaign number"), max_length=40, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=CampaignLevel.choices)
    region = models.ForeignKey(
        "registry.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organising region"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rules = models.ManyToManyField(
        ProductRule, related_name="campaigns", verbose_name=_("products")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    # the frame and the draw
    frame_regions = models.JSONField(_("regions of the frame"), default=list, blank=True)
    frame_industries = models.JSONField(_("industries of the frame"), default=list, blank=True)
    stratify_by = models.JSONField(_("strata"), default=list, blank=True)
    weight_by = models.CharField(
        _("weights"), max_length=16, choices=WeightBy.choices, default="", blank=True
    )
    exclude_months = models.PositiveSmallIntegerField(
        _("exclude enterprises checked within (months)"), default=12
    )
    sample_count = models.PositiveIntegerField(_("enterprises to draw"))
    inspectors_per_sample = models.PositiveSmallIntegerField(_("inspectors per sample"), default=2)
    seed = models.BigIntegerField(_("seed"), null=True, blank=True)
    frame = models.TextField(_("frame"), blank=True, editable=False)
    frame_size = models.PositiveIntegerField(_("frame size"), default=0)
    frame_digest = models.CharField(_("frame digest (SHA-256)"), max_length=64, blank=True)
    method = models.TextField(_("method"), blank=True)
    allocation = models.JSONField(_("allocation"), default=dict, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    objection_days = models.PositiveSmallIntegerField(_("objection period (days)"), default=15)
    notice_no = models.CharField(_("notice number"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("spot-check campaign")
        verbose_name_plural = _("spot-check campaigns")
        ordering = ["-year", "-created_at"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _pick(self.title_zh, self.title_en)


class Sample(models.Model):
    """One drawn enterprise's sample (and backup sample) through the whole procedure."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="samples")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="spot_samples"
    )
    rule = models.ForeignKey(ProductRule, on_delete=models.PROTECT, related_name="samples")
    code = models.CharField(_("sample number"), max_length=60, unique=True)
    draw_order = models.PositiveIntegerField(_("draw order"))
    stratum = models.CharField(_("stratum"), max_length=100, blank=True)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("inspectors")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SampleStatus.choices, default=SampleStatus.SELECTED
    )
    # sampling record
    sampled_on = models.DateField(_("sampling date"), null=True, blank=True)
    place = models.CharField(_("sampling place"), max_length=200, blank=True)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    model_spec = models.CharField(_("model / specification"), max_length=100, blank=True)
    batch = models.CharField(_("batch or lot"), max_length=100, blank=True)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("units sampled"), null=True, blank=True)
    backup_quantity = models.PositiveIntegerField(_("backup units"), null=True, blank=True)
    enterprise_confirmed_at = models.DateTimeField(
        _("confirmed by the enterprise"), null=True, blank=True
    )
    # testing
    laboratory = models.ForeignKey(
        "registry.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("laboratory"),
    )
    tested_on = models.DateField(_("tested on"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices, blank=True)
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    # objection and re-inspection of the backup sample
    objection_filed_on = models.DateField(_("objection filed on"), null=True, blank=True)
    objection_reason = models.TextField(_("objection reason"), blank=True)
    reinspection_lab = models.ForeignKey(
        "registry.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("re-inspection laboratory"),
    )
    reinspection_verdict = models.CharField(
        _("re-inspection verdict"), max_length=8, choices=Verdict.choices, blank=True
    )
    final_verdict = models.CharField(
        _("final verdict"), max_length=8, choices=Verdict.choices, blank=True
    )
    # rectification and re-check
    rectification_deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    recheck_verdict = models.CharField(
        _("re-check verdict"), max_length=8, choices=Verdict.choices, blank=True
    )
    rechecked_on = models.DateField(_("re-checked on"), null=True, blank=True)
    # refusal
    refused_on = models.DateField(_("refused on"), null=True, blank=True)
    refusal_note = models.TextField(_("refusal"), blank=True)

    class Meta:
        verbose_name = _("spot-check sample")
        verbose_name_plural = _("spot-check samples")
        ordering = ["campaign", "draw_order"]
        indexes = [
            models.Index(fields=["enterprise", "final_verdict"]),
            models.Index(fields=["campaign", "status"]),
        ]

    def __str__(self) -> str:
        return self.code


class ItemResult(models.Model):
    """A test item's value and verdict at one stage (inspection, re-inspection, re-check)."""

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(TestItem, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    value = models.CharField(_("value"), max_length=60)
    number = models.FloatField(_("measured value"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)

    class Meta:
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        ordering = ["sample", "stage", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "item", "stage"], name="sup_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"
