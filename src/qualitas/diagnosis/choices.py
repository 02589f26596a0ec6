"""Enumerations of problem diagnosis."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChartType(models.TextChoices):
    IMR = "imr", _("Individuals and moving range (I-MR)")
    XBAR_R = "xbar_r", _("Mean and range (X̄-R)")
    XBAR_S = "xbar_s", _("Mean and standard deviation (X̄-S)")


class RuleSet(models.TextChoices):
    NELSON = "nelson", _("Nelson (8 rules)")
    WE = "we", _("Western Electric (4 rules)")
    BEYOND = "nelson-1", _("Points beyond the limits only")


class StudyKind(models.TextChoices):
    CONTROL_CHART = "control_chart", _("Control chart")
    CAPABILITY = "capability", _("Process capability")
    GAGE_RR = "gage_rr", _("Gage R&R")
    WEIBULL = "weibull", _("Weibull analysis")
    GROWTH = "growth", _("Reliability growth")
    PARETO = "pareto", _("Pareto analysis")
    SAMPLING = "sampling", _("Acceptance sampling plan")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLOSED = "closed", _("Closed")


class BatchSource(models.TextChoices):
    API = "api", _("API")
    MQTT = "mqtt", _("MQTT")
    UPLOAD = "upload", _("Upload")
    DEMO = "demo", _("Demo data")


class DataSetStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")
