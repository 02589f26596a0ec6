"""Enumerations of problem diagnosis."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChartType(models.TextChoices):
    """The chart a characteristic is monitored on: variables (measured values) or attributes
    (counts of nonconforming units, p/np, or of nonconformities, c/u, per inspected sample)."""

    IMR = "imr", _("Individuals and moving range (I-MR)")
    XBAR_R = "xbar_r", _("Mean and range (X̄-R)")
    XBAR_S = "xbar_s", _("Mean and standard deviation (X̄-S)")
    P = "p", _("Proportion nonconforming (p)")
    NP = "np", _("Number nonconforming (np)")
    C = "c", _("Nonconformities (c)")
    U = "u", _("Nonconformities per unit (u)")


class StudyChart(models.TextChoices):
    """Every chart of ``qualitas.analytics.spc`` a control-chart study can draw (a superset of
    ``ChartType``, the charts a monitored characteristic is checked against; same values)."""

    XBAR_R = "xbar_r", _("Mean and range (X̄-R)")
    XBAR_S = "xbar_s", _("Mean and standard deviation (X̄-S)")
    IMR = "imr", _("Individuals and moving range (I-MR)")
    P = "p", _("Proportion nonconforming (p)")
    NP = "np", _("Number nonconforming (np)")
    C = "c", _("Nonconformities (c)")
    U = "u", _("Nonconformities per unit (u)")
    EWMA = "ewma", _("Exponentially weighted moving average (EWMA)")
    CUSUM = "cusum", _("Cumulative sum (CUSUM)")


ATTRIBUTE_CHARTS = ("p", "np", "c", "u")
SIZED_CHARTS = ("p", "np", "u")  # a count needs its sample size (units inspected)
# charts a characteristic may switch between when limits are frozen from a study that chose
# another chart for the same data (X̄-S for large subgroups, u when counts exceed the sample)
CHART_FAMILIES = ({"imr"}, {"xbar_r", "xbar_s"}, {"p", "np", "u"}, {"c", "u"})


class CapabilityMethod(models.TextChoices):
    """Capability methods of ``analytics.capability_nonnormal`` (``auto`` resolves to one of them)."""

    NORMAL = "normal", _("Normal distribution")
    AUTO = "auto", _("Automatic (normal if the data look normal, else percentile)")
    BOXCOX = "boxcox", _("Box-Cox transformation")
    JOHNSON = "johnson", _("Johnson transformation")
    PERCENTILE = "percentile", _("Percentile (ISO 22514-2)")
    NONPARAMETRIC = "nonparametric", _("Nonparametric")


class InspectionSeverity(models.TextChoices):
    """Severity of inspection in GB/T 2828.1 (正常/加严/放宽检验; "normal" is not the distribution)."""

    NORMAL = "normal", pgettext_lazy("inspection severity", "Normal")
    TIGHTENED = "tightened", pgettext_lazy("inspection severity", "Tightened")
    REDUCED = "reduced", pgettext_lazy("inspection severity", "Reduced")


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
