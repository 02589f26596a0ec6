"""Models of integrity and quality credit.

* :class:`CreditRecord` — an administrative penalty or misconduct record entered by an authority,
  draft → approved → published by two people; a correction is a new version (same decision
  number, ``version`` + 1), the old one superseded. Public while its publicity period runs.
* :class:`ListEntry` — an enterprise on the serious-violation list, the abnormal operations list
  or the quality red list, with its grounds, term and exit.
* :class:`RepairRequest` — credit repair: the enterprise applies with evidence, the deciding
  authority decides by a deadline; a grant ends publicity or the listing early.
* :class:`Methodology` and :class:`Rating` — the platform's own quality credit (versioned
  weights, decay and class thresholds; every rating stored with its explanation).
* :class:`SamrClassRecord` — SAMR's official risk class (A–D) as entered or imported; kept apart
  from the platform's own rating.
* :class:`LoanDecision` — a bank's lending decision citing a rating.

Every change goes through ``credit.services`` and is written to the audit chain.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.credit.choices import (
    AmountBand,
    AppealStatus,
    CreditClass,
    ListKind,
    LoanOutcome,
    MethodologyStatus,
    PenaltyType,
    RatingReason,
    RecordKind,
    RecordStatus,
    RepairStatus,
    RepairTarget,
    SamrClass,
)

USER = settings.AUTH_USER_MODEL


def _pick(zh: str, en: str) -> str:
    return en if en and (translation.get_language() or "").startswith("en") else zh


class CreditRecord(models.Model):
    """An administrative penalty decision or a misconduct record (one version of it)."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="credit_records",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RecordKind.choices)
    decision_no = models.CharField(_("decision number"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    revision_note = models.CharField(_("revision note"), max_length=300, blank=True)
    legal_basis = models.TextField(_("legal basis"))
    facts = models.TextField(_("facts"))
    penalty_type = models.CharField(_("penalty type"), max_length=16, choices=PenaltyType.choices)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    major = models.BooleanField(
        _("heavier penalty"),
        default=False,
        help_text=_("a heavier administrative penalty (grounds for the serious-violation list)"),
    )
    authority_zh = models.CharField(_("deciding authority (Chinese)"), max_length=150)
    authority_en = models.CharField(_("deciding authority (English)"), max_length=200, blank=True)
    region = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("deciding authority's region"),
    )
    decided_on = models.DateField(_("decided on"))
    publicity_from = models.DateField(_("publicity from"))
    publicity_until = models.DateField(_("publicity until"))
    publicity_ended_on = models.DateField(_("publicity ended early on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("penalty or misconduct record")
        verbose_name_plural = _("penalty and misconduct records")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision_no", "version"], name="credit_record_no_ver"),
        ]
        indexes = [
            models.Index(fields=["enterprise", "status"]),
            models.Index(fields=["status", "publicity_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.decision_no} v{self.version}"

    @property
    def authority(self) -> str:
        return _pick(self.authority_zh, self.authority_en)

    @property
    def publicity_end(self) -> date:
        """The day publicity ends: the period's end or an earlier end granted by repair."""
        if self.publicity_ended_on and self.publicity_ended_on < self.publicity_until:
            return self.publicity_ended_on
        return self.publicity_until


class ListEntry(models.Model):
    """An enterprise's entry on a list, with its grounds, term and exit (two people publish it)."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="credit_listings",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("list"), max_length=16, choices=ListKind.choices)
    grounds = models.TextField(_("grounds"))
    record = models.ForeignKey(
        CreditRecord,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listings",
        verbose_name=_("penalty behind the entry"),
    )
    authority_zh = models.CharField(_("listing authority (Chinese)"), max_length=150)
    authority_en = models.CharField(_("listing authority (English)"), max_length=200, blank=True)
    region = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("listing authority's region"),
    )
    entered_on = models.DateField(_("entered on"))
    term_until = models.DateField(_("term until"))
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    published_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["-entered_on", "-pk"]
        indexes = [models.Index(fields=["enterprise", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.enterprise_id}"

    @property
    def authority(self) -> str:
        return _pick(self.authority_zh, self.authority_en)

    @property
    def end(self) -> date:
        """The day the entry ends: its exit, or the end of its term."""
        return self.exited_on if self.exited_on else self.term_until


class RepairRequest(models.Model):
    """An enterprise's application for credit repair, decided by the authority that decided."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="credit_repairs",
        verbose_name=_("enterprise"),
    )
    target = models.CharField(_("asks for"), max_length=16, choices=RepairTarget.choices)
    record = models.ForeignKey(
        CreditRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="repairs"
    )
    listing = models.ForeignKey(
        ListEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="repairs"
    )
    evidence = models.TextField(_("evidence of rectification"))
    commitment = models.BooleanField(_("commitment letter signed"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=RepairStatus.choices, default=RepairStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_on = models.DateField(_("submitted on"))
    due_on = models.DateField(_("decision due on"))
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.CharField(_("reasons"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("credit repair")
        verbose_name_plural = _("credit repairs")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"repair {self.pk}"


class Methodology(models.Model):
    """A version of the quality credit methodology: factor weights, decay and class thresholds.

    ``weights`` maps a credit factor key to its weight (they sum to 1); ``thresholds`` maps a
    class to the lowest score it takes; ``half_life_days`` is how fast a penalty's weight
    decays. Immutable once published.
    """

    code = models.CharField(_("version"), max_length=20, unique=True)
    weights = models.JSONField(_("weights"))
    thresholds = models.JSONField(_("class thresholds"))
    half_life_days = models.PositiveIntegerField(_("penalty half-life (days)"), default=365)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MethodologyStatus.choices,
        default=MethodologyStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("credit methodology")
        verbose_name_plural = _("credit methodologies")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.code


class Rating(models.Model):
    """An enterprise's quality credit under a methodology, explained factor by factor.

    ``factors``: one dict per factor — ``key``, ``weight``, ``value`` (0–1 or None),
    ``points`` (its contribution to the score), ``label_en``/``label_zh``,
    ``explanation_en``/``explanation_zh``, ``source``, ``raise_en``/``raise_zh`` (what would
    raise it). ``current`` marks the latest rating of the enterprise.
    """

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="credit_ratings",
        verbose_name=_("enterprise"),
    )
    methodology = models.ForeignKey(Methodology, on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField(_("as of"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    klass = models.CharField(
        pgettext_lazy("grade", "class"), max_length=4, choices=CreditClass.choices
    )
    capped = models.BooleanField(_("capped by a list"), default=False)
    factors = models.JSONField(_("factors"), default=list)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    current = models.BooleanField(default=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quality credit rating")
        verbose_name_plural = _("quality credit ratings")
        ordering = ["-computed_at", "-pk"]
        indexes = [models.Index(fields=["enterprise", "current"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.klass}"

    @property
    def reason_label(self) -> str:
        """The reason of the change in the reader's language (the stored code if unknown)."""
        if self.reason in RatingReason.values:
            return str(RatingReason(self.reason).label)
        return self.reason


class RatingAppeal(models.Model):
    """An enterprise's appeal of its rating, with grounds; the authority of its region decides
    by ``due_on``: the rating is upheld, or recomputed (a new rating, reason ``appeal``)."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="credit_appeals",
        verbose_name=_("enterprise"),
    )
    rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("rating appealed")
    )
    grounds = models.TextField(_("grounds"))
    status = models.CharField(
        _("status"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_on = models.DateField(_("submitted on"))
    due_on = models.DateField(_("decision due on"))
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.CharField(_("reasons"), max_length=500, blank=True)
    result = models.ForeignKey(
        Rating,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rating after the decision"),
    )

    class Meta:
        verbose_name = _("rating appeal")
        verbose_name_plural = _("rating appeals")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"appeal {self.pk}"


class SamrClassRecord(models.Model):
    """SAMR's official credit risk class of an enterprise, as entered or imported."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="samr_classes",
        verbose_name=_("enterprise"),
    )
    klass = models.CharField(_("SAMR risk class"), max_length=1, choices=SamrClass.choices)
    assessed_on = models.DateField(_("assessed on"))
    source = models.CharField(_("source"), max_length=200)
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("SAMR risk class")
        verbose_name_plural = _("SAMR risk classes")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.klass}"


class LoanDecision(models.Model):
    """A bank's lending decision that cites an enterprise's quality credit rating."""

    bank = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="credit_loans"
    )
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="loans")
    outcome = models.CharField(_("outcome"), max_length=16, choices=LoanOutcome.choices)
    amount_band = models.CharField(
        _("amount band"), max_length=16, choices=AmountBand.choices, blank=True
    )
    decided_on = models.DateField(_("decided on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loan decision")
        verbose_name_plural = _("loan decisions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"loan {self.pk}"
