"""Capability evaluation: frameworks (versioned data), self-assessments, campaigns, on-site
evaluations, results with versions and certificates, appeals, chain invitations, targets.

Rules the models carry (the services enforce the rest):

* a framework version that any assessment or result uses is never changed: a new version is
  imported instead, and every assessment, evaluation and result records the version it used;
* a published :class:`Result` is never edited (``save`` refuses); a correction is a new row
  with ``version + 1`` in the same ``series`` and a ``revision_note``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitas.evaluation.choices import (
    Answer,
    AppealStatus,
    ApplicationStatus,
    AssessmentStatus,
    AssignmentStatus,
    CampaignStatus,
    CertificateActionKind,
    COIKind,
    DocumentReviewStatus,
    EvaluationStatus,
    EvidenceKind,
    FrameworkStatus,
    GateKind,
    InvitationStatus,
    Level,
    OnsitePlanStatus,
    ResultStatus,
    SurveillanceOutcome,
)

USER = settings.AUTH_USER_MODEL


def _pick(obj: Any, base: str) -> str:
    en = (translation.get_language() or "zh-hans").startswith("en")
    return (
        getattr(obj, f"{base}_en")
        if en and getattr(obj, f"{base}_en")
        else getattr(obj, f"{base}_zh")
    ) or ""


class Framework(models.Model):
    """One version of an evaluation framework: dimensions → indicators → requirements, with the
    answer scale, thresholds, levels and gating rules (``spec`` keeps the imported document)."""

    code = models.CharField(_("code"), max_length=32)
    version = models.CharField(_("version"), max_length=16)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=FrameworkStatus.choices, default=FrameworkStatus.ACTIVE
    )
    threshold = models.DecimalField(
        _("level threshold"), max_digits=4, decimal_places=3, default=0.8
    )
    dimension_floor = models.DecimalField(
        _("dimension floor"), max_digits=4, decimal_places=3, default=0.6
    )
    spec = models.JSONField(
        _("document"),
        default=dict,
        help_text=_("The imported framework document (scale, levels, gating rules)."),
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["code", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="evaluation_framework_code_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def name(self) -> str:
        return _pick(self, "name")


class Dimension(models.Model):
    """A dimension of a framework version."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("code"), max_length=16)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description_zh = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=3, default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="evaluation_dimension_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return _pick(self, "name")

    @property
    def description(self) -> str:
        return _pick(self, "description")


class Indicator(models.Model):
    """An indicator of a dimension."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=16)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=3, default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["dimension", "order"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return _pick(self, "name")


class Requirement(models.Model):
    """A requirement of an indicator, tagged with its level, with guidance on the evidence that shows it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="requirements")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="requirements")
    code = models.CharField(_("code"), max_length=24)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    text_zh = models.TextField(_("requirement (Chinese)"))
    text_en = models.TextField(_("requirement (English)"), blank=True)
    guidance_zh = models.TextField(_("guidance (Chinese)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=3, default=1)
    na_allowed = models.BooleanField(_("'not applicable' allowed"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["indicator", "level", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="evaluation_requirement_code"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return _pick(self, "text")

    @property
    def guidance(self) -> str:
        return _pick(self, "guidance")


class Assessment(models.Model):
    """An enterprise's self-assessment against one framework version; private to the enterprise.

    ``result`` keeps the scoring output at submission (a snapshot: later framework versions do
    not change it)."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("enterprise"),
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("framework")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    started_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(
        _("provisional level"), choices=Level.choices, null=True, blank=True
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=4, null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["enterprise", "status"]),
            models.Index(fields=["status", "level"]),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.get_status_display()}"


class AnswerRow(models.Model):
    """One answer of a self-assessment on the scale, with a note."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "requirement"], name="evaluation_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}={self.value}"


class Evidence(models.Model):
    """Evidence for a requirement: a file, a link, a note, or data the platform already holds (with its source)."""

    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    evaluation = models.ForeignKey(
        "Evaluation", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to="evaluation/evidence/%Y/%m/", blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.requirement_id}"


class GateRecord(models.Model):
    """A serious incident, published penalty or listing that gating rules refer to; entered by an
    authority officer for an enterprise in their regions until the integrity module provides them."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="gate_records",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=GateKind.choices)
    occurred_on = models.DateField(_("date"))
    reference = models.CharField(
        _("reference"), max_length=200, help_text=_("Decision number or incident report.")
    )
    description = models.TextField(_("description"), blank=True)
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gating record")
        verbose_name_plural = _("gating records")
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on} {self.reference}"


class Campaign(models.Model):
    """An authority's on-site evaluation campaign over a set of enterprises."""

    name = models.CharField(_("name"), max_length=200)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("framework")
    )
    region = models.ForeignKey(
        "registry.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Empty for a nationwide campaign (administrators)."),
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    criteria = models.JSONField(_("selection"), default=dict, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """An enterprise's application to an evaluation institution of its choice for an on-site
    evaluation, with its latest submitted self-assessment: submitted → accepted (with a quote
    and a planned date; the assignment is created) | declined (with a reason) | withdrawn."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="evaluation_applications",
        verbose_name=_("enterprise"),
    )
    institution = models.ForeignKey(
        "registry.Institution",
        on_delete=models.PROTECT,
        related_name="evaluation_applications",
        verbose_name=_("institution"),
    )
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("self-assessment"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    message = models.TextField(_("message to the institution"), blank=True)
    reply_by = models.DateField(_("reply by"))
    submitted_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    quote = models.DecimalField(
        _("quote (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation application")
        verbose_name_plural = _("evaluation applications")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["institution", "submitted_at"]),
            models.Index(fields=["institution", "status", "submitted_at"]),
            models.Index(fields=["enterprise", "status"]),
        ]

    def __str__(self) -> str:
        return f"application {self.pk} {self.enterprise_id}→{self.institution_id} ({self.status})"


class Assignment(models.Model):
    """One enterprise evaluated by an institution with its evaluators: from an authority's
    campaign, or from the enterprise's accepted application (``campaign`` empty, ``application``
    set; then a document review precedes scoring)."""

    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    application = models.OneToOneField(
        Application,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignment",
        verbose_name=_("application"),
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="evaluation_assignments",
        verbose_name=_("enterprise"),
    )
    institution = models.ForeignKey(
        "registry.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_assignments",
        verbose_name=_("institution"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING,
    )
    deadline = models.DateField(_("deadline"))
    lead = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead evaluator"),
    )
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="evaluation_assignments",
        verbose_name=_("evaluators"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "enterprise"], name="evaluation_assignment_once"
            )
        ]
        indexes = [
            models.Index(fields=["institution", "status"]),
            models.Index(fields=["campaign", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id or 'application'}/{self.enterprise_id}"

    @property
    def framework_pk(self) -> int:
        """The framework version scored: the campaign's, or that of the application's self-assessment."""
        if self.campaign is not None:
            return self.campaign.framework_id
        assert self.application is not None
        return self.application.assessment.framework_id

    @property
    def origin(self) -> str:
        """What the assignment came from, as shown: the campaign's name or "application"."""
        if self.campaign is not None:
            return self.campaign.name
        return str(_("Application by the enterprise"))


class DocumentReview(models.Model):
    """The document review (文件评审) of an application-born assignment: the lead evaluator
    reviews the submitted evidence before the site visit and passes it or asks for more."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="document_review"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DocumentReviewStatus.choices,
        default=DocumentReviewStatus.OPEN,
    )
    deadline = models.DateField(_("deadline"))
    passed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    passed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("document review")
        verbose_name_plural = _("document reviews")

    def __str__(self) -> str:
        return f"document review of assignment {self.assignment_id} ({self.status})"


class ReviewRequest(models.Model):
    """The lead evaluator's request for more documents, and the enterprise's answer."""

    review = models.ForeignKey(DocumentReview, on_delete=models.CASCADE, related_name="requests")
    text = models.TextField(_("what is missing"))
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    file = models.FileField(_("file"), upload_to="evaluation/review/%Y/%m/", blank=True)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"request {self.pk} of review {self.review_id}"


class OnsitePlan(models.Model):
    """The on-site evaluation plan of an application-born assignment: the visit's dates, the
    team (as sent) and the agenda. The lead evaluator sends it once the document review has
    passed; the enterprise confirms it or asks for a change; scoring opens once it is confirmed."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="onsite_plan"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OnsitePlanStatus.choices,
        default=OnsitePlanStatus.SENT,
    )
    starts_on = models.DateField(_("first day on site"))
    ends_on = models.DateField(_("last day on site"))
    agenda = models.TextField(_("agenda"))
    # the team as it stood when the plan was sent: [{"name": ..., "lead": bool}]
    team = models.JSONField(_("team"), default=list)
    confirm_by = models.DateField(_("confirm by"))
    sent_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))
    change_reason = models.TextField(_("change asked for"), blank=True)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("on-site plan")
        verbose_name_plural = _("on-site plans")

    def __str__(self) -> str:
        return f"on-site plan of assignment {self.assignment_id} ({self.status})"


class Qualification(models.Model):
    """A recorded qualification of an evaluator, with its validity."""

    user = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="evaluator_qualifications"
    )
    title = models.CharField(_("qualification"), max_length=200)
    certificate_no = models.CharField(_("certificate number"), max_length=64, blank=True)
    industries = models.CharField(
        _("industries"),
        max_length=200,
        blank=True,
        help_text=_("Divisions, e.g. C38 C39; empty for all."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluator qualification")
        verbose_name_plural = _("evaluator qualifications")
        ordering = ["user", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.user} {self.title}"


class COIDeclaration(models.Model):
    """A dated declaration of a tie between an evaluator and an enterprise (conflict of interest)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="coi_declarations")
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="coi_declarations",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("tie"), max_length=16, choices=COIKind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty while the tie continues.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        ordering = ["user", "-started_on"]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.enterprise_id}"


class Evaluation(models.Model):
    """The on-site scoring of one assignment (one per assignment), against its campaign's framework."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="evaluation"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    visited_on = models.DateField(_("visit date"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("on-site evaluation")
        verbose_name_plural = _("on-site evaluations")

    def __str__(self) -> str:
        return f"evaluation of assignment {self.assignment_id}"


class Score(models.Model):
    """An evaluator's score and finding on one requirement."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("score"), max_length=8, choices=Answer.choices)
    finding = models.TextField(_("finding"), blank=True)
    updated_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "score")
        verbose_name_plural = pgettext_lazy("model", "scores")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "requirement"], name="evaluation_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}={self.value}"


class PublishedResultEdit(Exception):
    """A published result was about to be changed in place."""


class Result(models.Model):
    """The official level of an enterprise from an on-site evaluation: draft → approved → published.

    Versions: rows of one ``series`` (the first version's id) carry ``version`` 1, 2 …; the
    current result is the highest published version. A published row is never edited."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="capability_results",
        verbose_name=_("enterprise"),
    )
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.PROTECT, related_name="results"
    )
    institution = models.ForeignKey(
        "registry.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="results")
    series = models.BigIntegerField(_("series"), null=True, blank=True, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    revision_note = models.TextField(_("revision note"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    uncapped_level = models.PositiveSmallIntegerField(
        _("level before gating"), choices=Level.choices
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=4)
    self_score = models.DecimalField(
        _("self-assessed score"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    dimension_scores = models.JSONField(default=dict)
    detail = models.JSONField(default=dict)
    evaluated_on = models.DateField(_("evaluation date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    certificate_code = models.CharField(
        _("certificate code"), max_length=32, null=True, blank=True, unique=True
    )
    # results of evaluations done elsewhere, imported by an authority: who evaluated and the
    # number of the certificate they issued (empty for results made on this platform)
    source = models.CharField(_("evaluated by (imported)"), max_length=200, blank=True)
    source_certificate_no = models.CharField(
        _("certificate number at the source"), max_length=64, blank=True, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="evaluation_result_version")
        ]
        indexes = [
            models.Index(fields=["status", "level"]),
            models.Index(fields=["enterprise", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} v{self.version} L{self.level} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The one rule models enforce themselves: a published row is immutable.
        if (
            self.pk is not None
            and Result.objects.filter(pk=self.pk, status=ResultStatus.PUBLISHED).exists()
        ):
            raise PublishedResultEdit(
                f"result {self.pk} is published: corrections are new versions"
            )
        super().save(*args, **kwargs)

    @property
    def imported(self) -> bool:
        """An evaluation done elsewhere, brought in by an import (it names its source)."""
        return bool(self.source)


class CertificateAction(models.Model):
    """A suspension, reinstatement or withdrawal of a published result's certificate, with its
    grounds (the published result itself never changes). The latest action is the standing."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(_("action"), max_length=16, choices=CertificateActionKind.choices)
    grounds = models.TextField(pgettext_lazy("certificate", "grounds"))
    effective_on = models.DateField(_("effective on"))
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate action")
        verbose_name_plural = _("certificate actions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} of result {self.result_id}"


class Surveillance(models.Model):
    """The surveillance evaluation of a certificate's year ``year`` of validity (1 = the first
    anniversary of its publication), recorded by the issuing institution."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="surveillances")
    year = models.PositiveSmallIntegerField(_("year of validity"))
    due_on = models.DateField(_("due on"))
    visited_on = models.DateField(_("visited on"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=SurveillanceOutcome.choices)
    findings = models.TextField(_("findings"), blank=True)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("surveillance evaluation")
        verbose_name_plural = _("surveillance evaluations")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["result", "year"], name="evaluation_surveillance_once")
        ]

    def __str__(self) -> str:
        return f"surveillance {self.year} of result {self.result_id} ({self.outcome})"


class Appeal(models.Model):
    """An enterprise's appeal against a published result; upholding it reopens the evaluation."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="appeals")
    filed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"appeal {self.pk} on result {self.result_id}"


class ChainInvitation(models.Model):
    """A leading enterprise invites a supplier into its chain evaluation; accepting grants consent
    (``core.Consent`` of scope ``capability``) for the leader to see its level and dimension scores."""

    leader = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="chain_invitations_sent",
        verbose_name=_("leading enterprise"),
    )
    supplier = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="chain_invitations_received",
        verbose_name=_("supplier"),
    )
    required_level = models.PositiveSmallIntegerField(
        _("required level"), choices=Level.choices, default=Level.L3
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    invited_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    consent = models.ForeignKey(
        "core.Consent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("chain invitation")
        verbose_name_plural = _("chain invitations")
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "supplier"], name="evaluation_chain_once")
        ]

    def __str__(self) -> str:
        return f"{self.leader_id}→{self.supplier_id} ({self.status})"


class RegionalTarget(models.Model):
    """Number of enterprises a region aims to bring newly to a level by a year (entered by an authority)."""

    region = models.ForeignKey(
        "registry.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"), default=2027)
    target = models.PositiveIntegerField(_("target"))
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("regional target")
        verbose_name_plural = _("regional targets")
        ordering = ["region", "year", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "level", "year"], name="evaluation_target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} L{self.level} {self.year}: {self.target}"
