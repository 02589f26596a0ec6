"""Enumerations of the quality index, the map and early warning."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class CellStatus(models.TextChoices):
    OK = "ok", _("Published")
    INSUFFICIENT = "insufficient", _("Insufficient data")


class RegionLevel(models.TextChoices):
    NATION = "nation", _("Nation")
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")


class RuleKind(models.TextChoices):
    FALL_PREVIOUS = "fall_previous", _("Fall against the previous period")
    FALL_YEAR_AGO = "fall_year_ago", _("Fall against the same period last year")
    THRESHOLD = "threshold", _("Indicator crosses a threshold")
    ALERT_SURGE = "alert_surge", _("Surge of open alerts")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
