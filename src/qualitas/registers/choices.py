"""Choices of the authority's registers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryStatus(models.TextChoices):
    """A register entry: kept by officers as a draft, then published (public) or withdrawn."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AssessmentKind(models.TextChoices):
    CMA = "cma", _("CMA inspection body accreditation")
    CNAS = "cnas", _("CNAS laboratory accreditation")
    SUPERVISION = "supervision", _("Supervisory review")


class AssessmentResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    CONDITIONAL = "conditional", _("Passed with corrective actions")
    FAILED = "failed", _("Failed")
