"""Enumerations of the registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province-level")
    PREFECTURE = "prefecture", _("Prefecture-level")


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("Section")
    DIVISION = "division", _("Division")
    GROUP = "group", _("Group")


class SizeClass(models.TextChoices):
    """Enterprise size classes of the NBS classification (统计上大中小微型企业划分办法)."""

    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class EnterpriseStatus(models.TextChoices):
    # "Active" alone is also a rule that is switched on (启用): the context keeps 存续 here
    ACTIVE = "active", pgettext_lazy("enterprise status", "Active")
    SUSPENDED = "suspended", _("Suspended")
    DEREGISTERED = "deregistered", _("Deregistered")


class InstitutionKind(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation institution")
    LABORATORY = "laboratory", _("Laboratory")
    ASSOCIATION = "association", _("Industry association")
    BANK = "bank", _("Bank")
    AUTHORITY = "authority", _("Industry authority")
