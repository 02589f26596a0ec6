"""Enumerations of consumer complaints and common-problem warnings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductCategory(models.TextChoices):
    BATTERY = "battery", _("Lithium-ion batteries and power banks")
    EBIKE = "ebike", _("Electric bicycles")
    APPLIANCE = "appliance", _("Household electrical appliances")
    PV = "pv", _("Photovoltaic modules")
    RADIO = "radio", _("Radio transmitting equipment")
    CHILDREN = "children", _("Children's products")
    TEXTILE = "textile", _("Textiles and clothing")
    BUILDING = "building", _("Building materials")
    OTHER = "other", _("Other products")


class ProblemType(models.TextChoices):
    SAFETY = "safety", _("Safety")
    PERFORMANCE = "performance", _("Performance")
    LABELLING = "labelling", _("Labelling and instructions")
    DURABILITY = "durability", _("Durability")
    AFTER_SALES = "after_sales", _("After-sales service")
    OTHER = "other", _("Other problem")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ROUTED = "routed", _("Sent to the enterprise")
    RESPONDED = "responded", _("Enterprise responded")
    ESCALATED = "escalated", _("Overdue: escalated to the authority")
    CONFIRMED = "confirmed", _("Resolved: confirmed by the complainant")
    DISPUTED = "disputed", _("Disputed by the complainant")
    REJECTED = "rejected", _("Not accepted")


class WarningStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    PUBLISHED = "published", _("Published")
    DISMISSED = "dismissed", _("Dismissed")
