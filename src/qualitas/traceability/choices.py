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


class DefectSource(models.TextChoices):
    """Where a defect report came from (SAMR Order No. 19)."""

    COMPLAINT = "complaint", _("Consumer complaint")
    SPOT_CHECK = "spot_check", _("Spot-check failure")
    ACCIDENT = "accident", _("Accident report")
    OWN_FINDING = "own_finding", _("The producer's own finding")
    INVESTIGATION = "investigation", _("Authority investigation")


class RecallStatus(models.TextChoices):
    REPORTED = "reported", _("Defect reported")
    INVESTIGATING = "investigating", _("Under investigation")
    PLANNED = "planned", _("Recall plan submitted")
    FILED = "filed", _("Plan filed by the authority")
    PUBLISHED = "published", _("Notice published")
    CLOSED = "closed", _("Closed")


class Remedy(models.TextChoices):
    """Remedies of Order No. 19."""

    WARNING = "warning", _("Supplement or correct warnings")
    REPAIR = "repair", _("Repair")
    REPLACEMENT = "replacement", _("Replacement")
    RETURN = "return", _("Return")


class RecallTrigger(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary recall")
    INVESTIGATION = "investigation", _("Recall after an authority investigation")


class OriginType(models.TextChoices):
    DOMESTIC = "domestic", _("Domestic")
    IMPORTED = "imported", _("Imported")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    FOREIGN = "foreign", _("Foreign-invested (incl. Hong Kong, Macao, Taiwan)")
    OTHER = "other", _("Other")


class RecallSource(models.TextChoices):
    PLATFORM = "platform", _("This platform")
    OPENFDA = "openfda", _("openFDA enforcement report")
