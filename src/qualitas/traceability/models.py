"""Models of traceability: the EPCIS 2.0 repository and its genealogy.

* :class:`CompanyPrefix` — an enterprise's GS1 company prefixes and GLNs: which identifiers
  are its own (it may capture events only for them; the registry keeps no GS1 data).
* :class:`Capture` — one ``POST /epcis/capture``: its status and the problems per event.
* :class:`Event` — one EPCIS event as captured (JSON-LD), with the columns the standard
  queries filter on; identifiers canonical (:mod:`.identifiers`).
* :class:`EventEpc` and :class:`EventParty` — the identifiers and the parties/places of an event,
  one row each, indexed for ``MATCH_*`` and ``EQ_*`` queries and for access.
* :class:`Edge` — one step of the genealogy (input → output, child → parent, object → the
  party it was shipped to), what the recursive trace walks.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitas.traceability.choices import (
    CaptureStatus,
    DefectSource,
    EdgeKind,
    EpcRole,
    ErrorBehaviour,
    EventType,
    OriginType,
    PartyKind,
    RecallSource,
    RecallStatus,
    RecallTrigger,
    Remedy,
)


class CompanyPrefix(models.Model):
    """A GS1 company prefix (or a whole GLN) of an enterprise: identifiers starting with it are its own."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="gs1_prefixes",
        verbose_name=_("enterprise"),
    )
    prefix = models.CharField(_("GS1 company prefix"), max_length=13, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("GS1 company prefix")
        verbose_name_plural = _("GS1 company prefixes")
        ordering = ["prefix"]

    def __str__(self) -> str:
        return self.prefix


class Capture(models.Model):
    """One capture request: asynchronous per the standard (202 + Location), status per event."""

    capture_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaptureStatus.choices, default=CaptureStatus.RUNNING
    )
    error_behaviour = models.CharField(
        _("on error"),
        max_length=16,
        choices=ErrorBehaviour.choices,
        default=ErrorBehaviour.ROLLBACK,
    )
    event_count = models.PositiveIntegerField(default=0)
    stored_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    duplicates = models.JSONField(default=list, blank=True)
    document = models.JSONField(null=True, blank=True)  # kept until the task has stored it
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("capture")
        verbose_name_plural = _("captures")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.capture_id)


class Event(models.Model):
    """One EPCIS event; ``document`` is the event as captured (with its eventID set)."""

    event_id = models.CharField(_("event ID"), max_length=300, unique=True)
    event_hash = models.CharField(_("event hash"), max_length=120, db_index=True)
    event_type = models.CharField(_("event type"), max_length=24, choices=EventType.choices)
    action = models.CharField(_("action"), max_length=8, blank=True)
    event_time = models.DateTimeField(_("event time"))
    time_zone_offset = models.CharField(max_length=6)
    record_time = models.DateTimeField(_("record time"), auto_now_add=True)
    biz_step = models.CharField(_("business step"), max_length=200, blank=True)
    disposition = models.CharField(_("disposition"), max_length=200, blank=True)
    read_point = models.CharField(_("read point"), max_length=300, blank=True)
    biz_location = models.CharField(_("business location"), max_length=300, blank=True)
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("captured by"),
    )
    capture = models.ForeignKey(Capture, on_delete=models.CASCADE, related_name="events")
    document = models.JSONField()

    class Meta:
        verbose_name = _("EPCIS event")
        verbose_name_plural = _("EPCIS events")
        ordering = ["event_time", "id"]
        indexes = [
            models.Index(fields=["event_time", "id"], name="trace_ev_time"),
            models.Index(fields=["biz_step", "event_time"], name="trace_ev_step"),
            models.Index(fields=["biz_location"], name="trace_ev_loc"),
            models.Index(fields=["read_point"], name="trace_ev_rp"),
            models.Index(fields=["enterprise", "event_time"], name="trace_ev_ent"),
        ]

    def __str__(self) -> str:
        return self.event_id


class EventEpc(models.Model):
    """An identifier in an event (canonical), by role; ``quantity`` for class-level lists."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="epcs")
    epc = models.CharField(max_length=300)
    role = models.CharField(max_length=8, choices=EpcRole.choices)
    is_class = models.BooleanField(default=False)
    quantity = models.FloatField(null=True, blank=True)
    uom = models.CharField(max_length=3, blank=True)

    class Meta:
        indexes = [models.Index(fields=["epc", "role"], name="trace_epc")]

    def __str__(self) -> str:
        return f"{self.role} {self.epc}"


class EventParty(models.Model):
    """A source, destination or place of an event; ``enterprise`` when a prefix resolves it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(max_length=16, choices=PartyKind.choices)
    party_type = models.CharField(max_length=200, blank=True)
    value = models.CharField(max_length=300)
    enterprise = models.ForeignKey(
        "registry.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["value", "kind"], name="trace_party"),
            models.Index(fields=["enterprise"], name="trace_party_ent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"


class Edge(models.Model):
    """One step of the genealogy, upstream ``src`` → downstream ``dst`` at ``event_time``."""

    src = models.CharField(max_length=300)
    dst = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=EdgeKind.choices)
    event_time = models.DateTimeField()
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="edges")
    owner = models.ForeignKey(
        "registry.Enterprise", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.FloatField(null=True, blank=True)
    uom = models.CharField(max_length=3, blank=True)
    # the event's business step, kept here at capture so that a trace reads edges alone
    biz_step = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["src", "event_time"], name="trace_edge_src"),
            models.Index(fields=["dst", "event_time"], name="trace_edge_dst"),
        ]

    def __str__(self) -> str:
        return f"{self.src} → {self.dst}"


class NamedQuery(models.Model):
    """A named EPCIS query (``/epcis/queries``): the standard's parameters, kept by their owner."""

    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(_("query parameters"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("named query")
        verbose_name_plural = _("named queries")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="trace_query_owner_name")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """A webhook subscription to a named query: new matching events are sent to ``dest``."""

    query = models.ForeignKey(NamedQuery, on_delete=models.CASCADE, related_name="subscriptions")
    subscription_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dest = models.URLField(_("destination"), max_length=500)
    stream = models.BooleanField(default=True)
    report_if_empty = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.dest


class Recall(models.Model):
    """A defective-product recall from the defect report to closure (SAMR Order No. 19), with the
    fields of the recall-plan template. Made and checked by different people: the producer
    reports and plans, an authority officer of its region files, publishes and closes. Once
    published, the plan is not edited; progress reports are added."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("producer"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RecallStatus.choices, default=RecallStatus.REPORTED
    )
    source = models.CharField(
        _("source"), max_length=16, choices=RecallSource.choices, default=RecallSource.PLATFORM
    )
    defect_source = models.CharField(
        _("defect reported from"), max_length=16, choices=DefectSource.choices
    )
    recall_no = models.CharField(_("recall number"), max_length=40, blank=True)
    producer_name = models.CharField(_("producer name"), max_length=200, blank=True)
    producer_address = models.CharField(_("address / postcode"), max_length=300, blank=True)
    legal_rep = models.CharField(_("legal representative"), max_length=100, blank=True)
    recall_owner = models.CharField(
        _("person responsible for the recall"), max_length=300, blank=True
    )
    recall_contact = models.CharField(_("recall contact"), max_length=300, blank=True)
    product_name = models.CharField(_("product name"), max_length=200)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    model_spec = models.CharField(_("model / specification"), max_length=200, blank=True)
    batch = models.TextField(_("batches"), blank=True)
    lots = models.TextField(
        _("defective lots (identifiers)"),
        blank=True,
        help_text=_(
            "One EPC URN or GS1 Digital Link per line: the scope is traced forward from them."
        ),
    )
    production_start = models.DateField(_("production from"), null=True, blank=True)
    production_end = models.DateField(_("production to"), null=True, blank=True)
    production_qty = models.PositiveIntegerField(_("quantity produced"), null=True, blank=True)
    recall_qty = models.PositiveIntegerField(_("units affected"), null=True, blank=True)
    origin_type = models.CharField(
        _("product type"), max_length=16, choices=OriginType.choices, blank=True
    )
    sales_channels = models.TextField(_("sales channels"), blank=True)
    defect_description = models.TextField(_("defect"))
    consequence = models.TextField(_("possible consequences"), blank=True)
    incidents = models.TextField(_("complaints, claims, accidents, injuries"), blank=True)
    component_suppliers = models.TextField(_("producers of defective or repair parts"), blank=True)
    remedy = models.CharField(_("remedy"), max_length=16, choices=Remedy.choices, blank=True)
    remedy_text = models.TextField(_("remedy in detail"), blank=True)
    start_date = models.DateField(_("recall starts"), null=True, blank=True)
    consumer_contact = models.CharField(_("consumer hotline / website"), max_length=200, blank=True)
    trigger = models.CharField(
        _("recall type"), max_length=16, choices=RecallTrigger.choices, blank=True
    )
    authority = models.CharField(_("filed with"), max_length=200, blank=True)
    region = models.ForeignKey(
        "registry.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
    )
    country = models.CharField(_("country"), max_length=60, blank=True)  # imported notices
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    scope_computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recall")
        verbose_name_plural = _("recalls")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "published_at"], name="trace_recall_status")]

    def __str__(self) -> str:
        return f"{self.recall_no or self.pk} {self.product_name}"


class RecallScopeItem(models.Model):
    """One identifier, product or party reached from a recall's defective lots (computed)."""

    recall = models.ForeignKey(Recall, on_delete=models.CASCADE, related_name="scope")
    identifier = models.CharField(max_length=300)
    depth = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, blank=True)
    quantity = models.FloatField(null=True, blank=True)
    uom = models.CharField(max_length=3, blank=True)
    party = models.ForeignKey(
        "registry.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["depth", "identifier"]

    def __str__(self) -> str:
        return self.identifier


class RecallProgress(models.Model):
    """A progress report: units recovered in a period, by channel and region."""

    recall = models.ForeignKey(Recall, on_delete=models.CASCADE, related_name="progress")
    report_date = models.DateField(_("report date"))
    units_recovered = models.PositiveIntegerField(_("units recovered"))
    channel = models.CharField(_("channel"), max_length=100, blank=True)
    region = models.ForeignKey(
        "registry.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report_date", "pk"]

    def __str__(self) -> str:
        return f"{self.report_date} {self.units_recovered}"
