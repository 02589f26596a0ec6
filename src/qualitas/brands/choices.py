"""Choices of the brands app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BrandKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise brand")
    PRODUCT = "product", _("Product brand")
    CLUSTER = "cluster", _("Regional cluster brand")


class BrandStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class EvalPart(models.TextChoices):
    """The two sides of a brand evaluation (after the structure of ISO 20671)."""

    INPUT = "input", _("Inputs")
    OUTCOME = "outcome", _("Outcomes")


class EntryStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    IN_REVIEW = "in_review", _("In review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ListStatus(models.TextChoices):
    OPEN = "open", _("Open for nominations")
    PUBLISHED = "published", _("Published")


#: the classes of the Nice classification (goods 1–34, services 35–45)
NICE_CLASSES = range(1, 46)
