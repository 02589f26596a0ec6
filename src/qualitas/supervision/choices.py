"""Enumerations of supervision spot-checks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignLevel(models.TextChoices):
    NATIONAL = "national", _("National spot-check")
    PROVINCIAL = "provincial", _("Provincial spot-check")
    CITY = "city", _("City spot-check")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DRAWN = "drawn", _("Enterprises drawn")
    SUBMITTED = "submitted", _("Submitted for publication")
    PUBLISHED = "published", _("Published")


class ItemClass(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")


class LimitKind(models.TextChoices):
    MIN = "min", _("At least")
    MAX = "max", _("At most")
    RANGE = "range", _("Between")
    PASS_FAIL = "pass_fail", _("Meets the requirement")


class VerdictRule(models.TextChoices):
    """How a sample's verdict follows from its items' verdicts."""

    ANY_ITEM = "any_item", _("Any failed item fails the sample")
    CLASSED = (
        "classed",
        _(
            "Any failed critical item fails the sample; so do more failed major or minor items than allowed"
        ),
    )


class Verdict(models.TextChoices):
    PASS = "pass", _("Qualified")
    FAIL = "fail", _("Unqualified")


class SampleStatus(models.TextChoices):
    SELECTED = "selected", _("Drawn, to be sampled")
    SAMPLED = "sampled", _("Sampled")
    TESTING = "testing", _("At the laboratory")
    TESTED = "tested", _("Tested")
    NOTIFIED = "notified", _("Result notified")
    OBJECTION = "objection", _("Objection: backup sample re-inspected")
    FINAL = "final", _("Final")
    RECTIFICATION = "rectification", _("Rectification ordered")
    RECHECKED = "rechecked", _("Re-checked after rectification")
    REFUSED = "refused", _("Refused inspection")


class Stage(models.TextChoices):
    INITIAL = "initial", _("Inspection")
    REINSPECTION = "reinspection", _("Re-inspection of the backup sample")
    RECHECK = "recheck", _("Re-check after rectification")


class StratifyBy(models.TextChoices):
    REGION = "region", _("Region")
    INDUSTRY = "industry", _("Industry")
    SIZE = "size", _("Size class")


class WeightBy(models.TextChoices):
    NONE = "", _("Equal chance")
    SIZE_RISK = "size_risk", _("Risk by size class (published failure rates)")
