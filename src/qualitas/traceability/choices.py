"""Coded values of traceability and recalls."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    OBJECT = "ObjectEvent", _("Object event")
    AGGREGATION = "AggregationEvent", _("Aggregation event")
    TRANSACTION = "TransactionEvent", _("Transaction event")
    TRANSFORMATION = "TransformationEvent", _("Transformation event")
    ASSOCIATION = "AssociationEvent", _("Association event")


class CaptureStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCESS = "success", _("Success")
    FAILED = "failed", _("Failed")


class ErrorBehaviour(models.TextChoices):
    ROLLBACK = "rollback", _("Roll back the whole document")
    PROCEED = "proceed", _("Store the valid events")


class EpcRole(models.TextChoices):
    """Where an identifier stands in an event."""

    EPC = "epc", _("object")
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    INPUT = "input", _("input")
    OUTPUT = "output", _("output")


class PartyKind(models.TextChoices):
    SOURCE = "source", _("source")
    DESTINATION = "destination", _("destination")
    READ_POINT = "read_point", _("read point")
    BIZ_LOCATION = "biz_location", _("business location")


class EdgeKind(models.TextChoices):
    """How one identifier leads to another in the genealogy."""

    AGGREGATION = "aggregation", _("packed into")
    TRANSFORMATION = "transformation", _("transformed into")
    ASSOCIATION = "association", _("associated with")
    SHIPMENT = "shipment", _("shipped to")
    TRANSACTION = "transaction", _("transaction")
