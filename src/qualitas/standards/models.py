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

from qualitas.standards.choices import DeclarationStatus, LimitKind, StandardKind, StandardStatus


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
