"""Models of brands: the brand database, brand evaluation and brand lists.

* :class:`Brand` — an enterprise, product or regional cluster brand: owner (registry
  ``Enterprise``), category, region and member enterprises (clusters), products (product brands);
  published brands are public.
* :class:`Trademark` — a registered trademark of a brand: number and Nice class.
* :class:`BrandOfficer` — a brand officer: one of the registry's contacts with a role (private).
* :class:`EvaluationMethod` / :class:`MethodIndicator` — a versioned brand evaluation method:
  indicators on the input and outcome sides with weights (the structure of ISO 20671, the
  project's own wording; ``docs/methodology/brand-evaluation.md``).
* :class:`BrandEvaluation` — one evaluation of a brand under a method version: scores per
  indicator, the two side scores and the total.
* :class:`BrandList` / :class:`ListEntry` — a brand list (e.g. a tier of famous consumer
  products) and its entries through nomination → review → publication.

Every write goes through ``brands.services`` and is written to the audit chain.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from qualitas.brands.choices import BrandKind, BrandStatus, EntryStatus, EvalPart, ListStatus


def _pick(zh: str, en: str) -> str:
    return en if en and (translation.get_language() or "").startswith("en") else zh


class Brand(models.Model):
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=BrandKind.choices)
    owner = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    region = models.ForeignKey(
        "registry.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
    )
    category = models.CharField(_("product category"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    enterprises = models.ManyToManyField(
        "registry.Enterprise", blank=True, related_name="+", verbose_name=_("member enterprises")
    )
    products = models.ManyToManyField(
        "registry.Product", blank=True, related_name="+", verbose_name=_("products")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BrandStatus.choices, default=BrandStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name_zh", "pk"]
        indexes = [models.Index(fields=["status", "kind"], name="brands_status_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)

    @property
    def region_code(self) -> str:
        """The region that places the brand: a cluster's own, else its owner's."""
        if self.region_id:
            return str(self.region_id)
        return str(self.owner.region_id) if self.owner_id and self.owner else ""


class Trademark(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="trademarks")
    number = models.CharField(_("registration number"), max_length=30)
    nice_class = models.PositiveSmallIntegerField(
        _("Nice class"), validators=[MinValueValidator(1), MaxValueValidator(45)]
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("trademark")
        verbose_name_plural = _("trademarks")
        ordering = ["brand", "nice_class", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "nice_class"], name="brands_trademark_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.nice_class})"


class BrandOfficer(models.Model):
    """A brand officer: a contact of the owner (or of a cluster member) with a role."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="officers")
    contact = models.ForeignKey("registry.Contact", on_delete=models.CASCADE, related_name="+")
    duty = models.CharField(_("duty"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("brand officer")
        verbose_name_plural = _("brand officers")
        ordering = ["brand", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "contact"], name="brands_officer_unique")
        ]

    def __str__(self) -> str:
        return str(self.contact)


class EvaluationMethod(models.Model):
    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    input_weight = models.DecimalField(_("weight of the inputs"), max_digits=4, decimal_places=3)
    outcome_weight = models.DecimalField(
        _("weight of the outcomes"), max_digits=4, decimal_places=3
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("brand evaluation method")
        verbose_name_plural = _("brand evaluation methods")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="brands_method_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def title(self) -> str:
        return _pick(self.title_zh, self.title_en)


class MethodIndicator(models.Model):
    method = models.ForeignKey(
        EvaluationMethod, on_delete=models.CASCADE, related_name="indicators"
    )
    part = models.CharField(_("side"), max_length=8, choices=EvalPart.choices)
    key = models.SlugField(_("indicator key"), max_length=40)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=3)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation indicator")
        verbose_name_plural = _("evaluation indicators")
        ordering = ["method", "part", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["method", "key"], name="brands_indicator_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self.name_zh, self.name_en)


class BrandEvaluation(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="evaluations")
    method = models.ForeignKey(
        EvaluationMethod, on_delete=models.PROTECT, related_name="evaluations"
    )
    evaluated_on = models.DateField(_("evaluated on"))
    scores = models.JSONField(_("scores per indicator"), default=dict)
    input_score = models.DecimalField(_("input score"), max_digits=5, decimal_places=1)
    outcome_score = models.DecimalField(_("outcome score"), max_digits=5, decimal_places=1)
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=1)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("brand evaluation")
        verbose_name_plural = _("brand evaluations")
        ordering = ["brand", "-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.brand} {self.evaluated_on} {self.total}"


class BrandList(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.CharField(_("tier"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ListStatus.choices, default=ListStatus.OPEN
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("brand list")
        verbose_name_plural = _("brand lists")
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _pick(self.title_zh, self.title_en)


class ListEntry(models.Model):
    brand_list = models.ForeignKey(BrandList, on_delete=models.CASCADE, related_name="entries")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="list_entries")
    status = models.CharField(
        _("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.NOMINATED
    )
    reason = models.TextField(_("reason for the nomination"), blank=True)
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["brand_list", "brand__name_zh"]
        constraints = [
            models.UniqueConstraint(fields=["brand_list", "brand"], name="brands_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.brand_list} · {self.brand}"
