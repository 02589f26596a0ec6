"""Enumerations of the platform core."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of PRODUCT.md. Anonymous visitors are the public and have no row here.

    A partner is a bank or another system: it sees what the public sees, plus the private data
    an enterprise lets its user read by a consent (each such read is audited).
    """

    ENTERPRISE = "enterprise", _("Enterprise user")
    EVALUATOR = "evaluator", _("Evaluator")
    INSTITUTION_MANAGER = "institution_manager", _("Institution manager")
    REVIEWER = "reviewer", _("Reviewer")
    AUTHORITY = "authority", _("Authority officer")
    PARTNER = "partner", _("Partner")
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
    CREDIT_REPORT = "credit_report", _("Quality credit report (rating and its explanation)")


class TokenScope(models.TextChoices):
    """What an API token may do, one area of the API each (``area:read`` / ``area:write``).

    ``area:write`` includes ``area:read``. An endpoint under ``/api/<area>/`` needs
    ``<area>:read`` for GET/HEAD/OPTIONS and ``<area>:write`` otherwise
    (``core.tokens.required_scope``); an app that joins adds its area's scopes here.
    """

    REGISTRY_READ = "registry:read", _("Registry: read")
    REGISTRY_WRITE = "registry:write", _("Registry: write")
    EVALUATION_READ = "evaluation:read", _("Capability evaluation: read")
    EVALUATION_WRITE = "evaluation:write", _("Capability evaluation: write")
    DIAGNOSIS_READ = "diagnosis:read", _("Problem diagnosis: read")
    DIAGNOSIS_WRITE = "diagnosis:write", _("Problem diagnosis: write (gateways send measurements)")
    INDEX_READ = "index:read", _("Quality index: read")
    INDEX_WRITE = "index:write", _("Quality index: write")
    ACCOUNT_READ = "account:read", _("Account and consents: read")
    ACCOUNT_WRITE = "account:write", _("Account and consents: write")
    TRACEABILITY_READ = "traceability:read", _("Traceability: read")
    TRACEABILITY_WRITE = "traceability:write", _("Traceability: write")
    CREDIT_READ = "credit:read", _("Credit: read")
    SUPERVISION_READ = "supervision:read", _("Supervision spot-checks: read")
    SUPERVISION_WRITE = "supervision:write", _("Supervision spot-checks: write")
    CREDIT_WRITE = "credit:write", _("Credit: write (banks record loan decisions)")
    STANDARDS_READ = "standards:read", _("Standards and grading: read")
    STANDARDS_WRITE = "standards:write", _("Standards and grading: write")
    REGISTERS_READ = "registers:read", _("Registers and annual reports: read")
    REGISTERS_WRITE = "registers:write", _("Registers and annual reports: write")
    BRANDS_READ = "brands:read", _("Brands: read")
    BRANDS_WRITE = "brands:write", _("Brands: write")
    SUPPLIERS_READ = "suppliers:read", _("Supplier quality: read")
    SUPPLIERS_WRITE = "suppliers:write", _("Supplier quality: write")
    COMPLAINTS_READ = "complaints:read", _("Consumer complaints: read")
    COMPLAINTS_WRITE = "complaints:write", _("Consumer complaints: write")
    PORTAL_READ = "portal:read", _("Public search: read")


class NotificationKind(models.TextChoices):
    """What an in-app notification is about (``core.notifications``)."""

    ALERT = "alert", _("Alert")
    ASSIGNMENT = "assignment", _("Assignment")
    DEADLINE = "deadline", _("Deadline")
    INFO = "info", _("Information")
