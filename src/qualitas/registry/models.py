"""Registry models. Code lists (regions, industries) are loaded from the project's data files."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.registry.choices import (
    EnterpriseStatus,
    IndustryLevel,
    InstitutionKind,
    RegionLevel,
    SizeClass,
)


class BilingualName(models.Model):
    """Chinese and English names; ``name`` picks the one of the active language."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (translation.get_language() or "zh-hans").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class Region(BilingualName):
    """A GB/T 2260 administrative division at province or prefecture level."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(_("type"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


class Industry(BilingualName):
    """A GB/T 4754-2017 section, division or group (codes "C", "C13", "C131")."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    level = models.CharField(_("level"), max_length=16, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]


class Institution(BilingualName):
    """An organisation users belong to: evaluation institution, laboratory, association, bank, authority."""

    kind = models.CharField(_("kind"), max_length=16, choices=InstitutionKind.choices)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("region")
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = pgettext_lazy("model", "institutions")
        ordering = ["kind", "name_zh"]


class Enterprise(BilingualName):
    """A manufacturing enterprise identified by its 18-character unified social credit code.

    ``province`` is denormalised from ``region`` for fast filtering; ``search_tokens`` holds the
    n-gram tokens of the names (see ``registry.search``) and is rebuilt by the services.
    """

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("region")
    )
    province = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    industry = models.ForeignKey(
        Industry, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("industry")
    )
    size_class = models.CharField(_("size class"), max_length=16, choices=SizeClass.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EnterpriseStatus.choices,
        default=EnterpriseStatus.ACTIVE,
    )
    founded = models.DateField(_("founded"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    search_tokens = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = pgettext_lazy("model", "enterprises")
        ordering = ["name_zh"]
        indexes = [
            models.Index(fields=["province", "industry"]),
            # browsing a province and/or a division in the two orders people use (name, newest)
            models.Index(fields=["province", "industry", "name_zh"], name="reg_ent_prov_ind_name"),
            models.Index(
                fields=["province", "industry", "-founded"], name="reg_ent_prov_ind_founded"
            ),
            models.Index(fields=["province", "name_zh"], name="reg_ent_prov_name"),
            models.Index(fields=["industry", "name_zh"], name="reg_ent_ind_name"),
            models.Index(fields=["province", "-founded"], name="reg_ent_prov_founded"),
            models.Index(fields=["-founded"], name="reg_ent_founded"),
            models.Index(fields=["industry"]),
            models.Index(fields=["region"]),
            models.Index(fields=["name_zh"]),
            models.Index(fields=["name_en"]),
            models.Index(fields=["size_class"]),
            models.Index(fields=["status"]),
        ]


class Site(models.Model):
    """A production site of an enterprise."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="sites", verbose_name=_("enterprise")
    )
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "site")
        verbose_name_plural = pgettext_lazy("model", "sites")
        ordering = ["enterprise", "name"]

    def __str__(self) -> str:
        return self.name


class Product(BilingualName):
    """A product an enterprise makes: category, model and the standards it follows."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="products", verbose_name=_("enterprise")
    )
    category = models.CharField(_("category"), max_length=100)
    model = models.CharField(_("model"), max_length=100, blank=True)
    standards = models.CharField(
        _("standards followed"),
        max_length=300,
        blank=True,
        help_text=_("e.g. GB/T 31485-2015; separate several with ';'"),
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["enterprise", "name_zh"]


class Contact(models.Model):
    """A contact person of an enterprise. Private: see ``core.access``."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("enterprise")
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(pgettext_lazy("person", "title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["enterprise", "name"]

    def __str__(self) -> str:
        return self.name
