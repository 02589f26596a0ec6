"""Enumerations of the platform core."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of PRODUCT.md. Anonymous visitors are the public and have no row here."""

    ENTERPRISE = "enterprise", _("Enterprise user")
    EVALUATOR = "evaluator", _("Evaluator")
    INSTITUTION_MANAGER = "institution_manager", _("Institution manager")
    REVIEWER = "reviewer", _("Reviewer")
    AUTHORITY = "authority", _("Authority officer")
    ADMIN = "admin", _("Administrator")


PUBLIC = "public"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ConsentScope(models.TextChoices):
    """Named data an enterprise can let another party see."""

    CONTACTS = "contacts", _("Contacts")
    SITES = "sites", _("Sites")
    QUALITY_DATA = "quality_data", _("Quality data")
    CAPABILITY = "capability", _("Capability level and dimension scores")
