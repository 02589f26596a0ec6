"""Coded values of traceability and recalls."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class BizStep(models.TextChoices):
    """The business steps of the GS1 Core Business Vocabulary (CBV 2.0), by their bare names."""

    ACCEPTING = "accepting", pgettext_lazy("CBV business step", "Accepting")
    ARRIVING = "arriving", pgettext_lazy("CBV business step", "Arriving")
    ASSEMBLING = "assembling", pgettext_lazy("CBV business step", "Assembling")
    COLLECTING = "collecting", pgettext_lazy("CBV business step", "Collecting")
    COMMISSIONING = "commissioning", pgettext_lazy("CBV business step", "Commissioning")
    CONSIGNING = "consigning", pgettext_lazy("CBV business step", "Consigning")
    CREATING_CLASS_INSTANCE = (
        "creating_class_instance",
        pgettext_lazy("CBV business step", "Creating class instance"),
    )
    CYCLE_COUNTING = "cycle_counting", pgettext_lazy("CBV business step", "Cycle counting")
    DECOMMISSIONING = "decommissioning", pgettext_lazy("CBV business step", "Decommissioning")
    DEPARTING = "departing", pgettext_lazy("CBV business step", "Departing")
    DESTROYING = "destroying", pgettext_lazy("CBV business step", "Destroying")
    DISASSEMBLING = "disassembling", pgettext_lazy("CBV business step", "Disassembling")
    DISPENSING = "dispensing", pgettext_lazy("CBV business step", "Dispensing")
    ENCODING = "encoding", pgettext_lazy("CBV business step", "Encoding")
    ENTERING_EXITING = "entering_exiting", pgettext_lazy("CBV business step", "Entering or exiting")
    HOLDING = "holding", pgettext_lazy("CBV business step", "Holding")
    INSPECTING = "inspecting", pgettext_lazy("CBV business step", "Inspecting")
    INSTALLING = "installing", pgettext_lazy("CBV business step", "Installing")
    KILLING = "killing", pgettext_lazy("CBV business step", "Killing")
    LOADING = "loading", pgettext_lazy("CBV business step", "Loading")
    OTHER = "other", pgettext_lazy("CBV business step", "Other")
    PACKING = "packing", pgettext_lazy("CBV business step", "Packing")
    PICKING = "picking", pgettext_lazy("CBV business step", "Picking")
    RECEIVING = "receiving", pgettext_lazy("CBV business step", "Receiving")
    REMOVING = "removing", pgettext_lazy("CBV business step", "Removing")
    REPACKAGING = "repackaging", pgettext_lazy("CBV business step", "Repackaging")
    REPAIRING = "repairing", pgettext_lazy("CBV business step", "Repairing")
    REPLACING = "replacing", pgettext_lazy("CBV business step", "Replacing")
    RESERVING = "reserving", pgettext_lazy("CBV business step", "Reserving")
    RETAIL_SELLING = "retail_selling", pgettext_lazy("CBV business step", "Retail selling")
    SAMPLING = "sampling", pgettext_lazy("CBV business step", "Sampling")
    SENSOR_REPORTING = "sensor_reporting", pgettext_lazy("CBV business step", "Sensor reporting")
    SHIPPING = "shipping", pgettext_lazy("CBV business step", "Shipping")
    STAGING_OUTBOUND = "staging_outbound", pgettext_lazy("CBV business step", "Staging outbound")
    STOCK_TAKING = "stock_taking", pgettext_lazy("CBV business step", "Stock taking")
    STOCKING = "stocking", pgettext_lazy("CBV business step", "Stocking")
    STORING = "storing", pgettext_lazy("CBV business step", "Storing")
    TRANSPORTING = "transporting", pgettext_lazy("CBV business step", "Transporting")
    UNLOADING = "unloading", pgettext_lazy("CBV business step", "Unloading")
    UNPACKING = "unpacking", pgettext_lazy("CBV business step", "Unpacking")
    VOID_SHIPPING = "void_shipping", pgettext_lazy("CBV business step", "Void shipping")
