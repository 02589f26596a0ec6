"""Enumerations of standards self-declaration, benchmarking and grading."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardKind(models.TextChoices):
    NATIONAL = "national", _("National standard")
    INDUSTRY = "industry", _("Industry standard")
    LOCAL = "local", _("Local standard")
    GROUP = "group", _("Group standard")
    ENTERPRISE = "enterprise", _("Enterprise standard")
    INTERNATIONAL = "international", _("International standard")


class StandardStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    ABOLISHED = "abolished", _("Abolished")
    REPLACED = "replaced", _("Replaced")


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a later version")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LimitKind(models.TextChoices):
    MAX = "max", _("At most")
    MIN = "min", _("At least")


class Comparison(models.TextChoices):
    GT = "gt", _("greater than")
    GE = "ge", _("at least")
    LT = "lt", _("less than")
    LE = "le", _("at most")


class IndicatorPart(models.TextChoices):
    GATE = "gate", _("Mandatory or safety requirement")
    GRADED = "graded", _("Grading indicator")


class ResultSource(models.TextChoices):
    SPOT_CHECK = "spot_check", _("Spot-check")
    LABORATORY = "laboratory", _("Laboratory")
    REPORT = "report", _("Uploaded test report")
