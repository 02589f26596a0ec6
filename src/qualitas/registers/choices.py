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


class CaseType(models.TextChoices):
    """The case libraries of the 2024 notice (tasks 2, 7, 14, 20)."""

    IMPROVEMENT = "improvement", _("Quality improvement")
    RELIABILITY = "reliability", _("Reliability")
    BRAND = "brand", _("Brand building")
    PILOT = "pilot", _("Pilot and scale-up")


class CaseProblem(models.TextChoices):
    """Problems a case helps with (the kinds of ``core.providers.SuggestionContext``)."""

    LOW_CAPABILITY = "low_capability", _("Low process capability")
    EVALUATION_GAP = "evaluation_gap", _("Evaluation gap")
    SPOT_CHECK_FAILURE = "spot_check_failure", _("Failed spot-check")
