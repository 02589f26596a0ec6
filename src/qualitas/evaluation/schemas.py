"""API schemas of capability evaluation (explicit fields)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, ModelSchema, Schema

from qualitas.evaluation.models import (
    Application,
    Assessment,
    Assignment,
    Campaign,
    DocumentReview,
    Framework,
    Result,
)


class FrameworkOut(ModelSchema):
    class Meta:
        model = Framework
        fields = [
            "id",
            "code",
            "version",
            "name_zh",
            "name_en",
            "status",
            "threshold",
            "dimension_floor",
            "imported_at",
        ]


class AssessmentOut(ModelSchema):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "enterprise",
            "framework",
            "status",
            "started_at",
            "submitted_at",
            "level",
            "score",
        ]


class AnswerIn(Schema):
    value: str = Field(..., description="full, mostly, partly, none, or na where allowed")
    note: str | None = Field(None, max_length=5000)


class AnswerOut(Schema):
    requirement: str
    value: str
    note: str
    answered: int
    total: int


class GapOut(Schema):
    requirement: str
    level: int
    score: float
    impact: float
    text: str
    guidance: str


class PeerOut(Schema):
    n: int
    withheld: bool
    percentile: float | None
    level_counts: dict[int, int] | None


class ReportOut(Schema):
    level: int
    uncapped_level: int
    score: float
    level_scores: dict[str, float | None]
    dimension_scores: dict[str, float | None]
    indicator_scores: dict[str, float | None]
    indicator_levels: dict[str, int]
    answered: int
    total: int
    gaps: list[GapOut]
    gates: list[dict[str, Any]]
    peers: dict[str, PeerOut] = {}


class CampaignIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    region: str = Field(..., description="Region code of the campaign (within your regions)")
    deadline: date
    industry: str = ""
    self_level: int | None = Field(
        None, ge=0, le=5, description="Only enterprises whose latest self-assessed level is this"
    )
    credit_codes: list[str] | None = Field(
        None, description="An explicit list of credit codes instead of the filters"
    )
    limit: int = Field(1000, ge=1, le=50000)
    institutions: list[int] = Field(
        default_factory=list, description="Evaluation institutions, shared round-robin"
    )


class CampaignOut(ModelSchema):
    enterprises: int = Field(0, alias="n")

    class Meta:
        model = Campaign
        fields = ["id", "name", "region", "deadline", "status", "created_at", "framework"]


class ProgressOut(Schema):
    total: int
    overdue: int
    published_pct: int
    statuses: dict[str, int] = Field(..., alias="status_counts")


class AssignmentOut(ModelSchema):
    enterprise_name: str = Field(..., alias="enterprise.name_zh")

    class Meta:
        model = Assignment
        fields = [
            "id",
            "campaign",
            "application",
            "enterprise",
            "institution",
            "status",
            "deadline",
            "lead",
        ]


class TeamIn(Schema):
    lead: int
    evaluators: list[int] = Field(default_factory=list)


class ScoreIn(Schema):
    value: str
    finding: str | None = Field(None, max_length=5000)


class ScoreOut(Schema):
    requirement: str
    value: str
    finding: str
    self_answer: str | None
    large_difference: bool


class ConsolidateIn(Schema):
    assignments: list[int]
    revision_note: str = ""


class ResultOut(ModelSchema):
    class Meta:
        model = Result
        fields = [
            "id",
            "enterprise",
            "institution",
            "framework",
            "series",
            "version",
            "revision_note",
            "status",
            "level",
            "uncapped_level",
            "score",
            "self_score",
            "dimension_scores",
            "evaluated_on",
            "valid_until",
            "certificate_code",
            "published_at",
        ]


class TextIn(Schema):
    text: str = Field(..., min_length=1, max_length=5000)


class CorrectionIn(Schema):
    revision_note: str = Field(..., min_length=1, max_length=5000)
    level: int | None = Field(None, ge=0, le=5)


class DecisionIn(Schema):
    uphold: bool
    decision: str = Field(..., min_length=1, max_length=5000)


class AppealOut(Schema):
    id: int
    result: int = Field(..., alias="result_id")
    status: str
    reason: str
    decision: str
    filed_at: datetime


class VerificationOut(Schema):
    state: str = Field(
        description="valid, expired, superseded or unrated (no level: not a certificate)"
    )
    reason: str = Field(description="What the state means, in the reader's language")
    enterprise: str
    credit_code: str
    level: int
    valid_until: date | None
    institution: str
    version: int
    current_version: int


class InviteIn(Schema):
    credit_codes: list[str]
    required_level: int = Field(3, ge=1, le=5)


class InviteOut(Schema):
    invited: list[int]
    problems: list[str]


class RespondIn(Schema):
    accept: bool


class ChainRowOut(Schema):
    supplier: int
    name: str
    level: int
    source: str
    dimension_scores: dict[str, float | None]
    meets: bool


class ChainOut(Schema):
    required_level: int
    n: int
    share_at_required: float | None
    weakest_level: int | None
    weakest_dimension: str | None
    dimension_means: dict[str, float]
    suppliers: list[ChainRowOut]


class GateIn(Schema):
    enterprise: int
    kind: str
    occurred_on: date
    reference: str = Field(..., min_length=1, max_length=200)
    description: str = ""


class TargetIn(Schema):
    region: str
    level: int = Field(..., ge=2, le=5)
    target: int = Field(..., ge=0)
    year: int = 2027


class DistributionRow(Schema):
    code: str
    name: str
    n: int | None
    withheld: bool
    levels: list[int] | None
    n_self: int | None
    self_levels: list[int] | None


class DistributionOut(Schema):
    rows: list[DistributionRow]
    total: list[int]
    n: int


class TargetRow(Schema):
    level: int
    target: int
    done: int
    pct: int


class TargetsOut(Schema):
    national: list[TargetRow]
    regional: dict[str, list[TargetRow]]


class ConsistencyRow(Schema):
    institution: str
    n: int
    self_gap_mean: float | None
    self_gap_sd: float | None
    peer_gap_n: int
    peer_gap_mean: float | None
    peer_gap_sd: float | None
    withheld: bool


class ApplicationIn(Schema):
    institution: int = Field(..., description="An evaluation institution's id")
    message: str = Field("", max_length=2000)


class ApplicationOut(ModelSchema):
    enterprise_name: str = Field(..., alias="enterprise.name_zh")
    institution_name: str = Field(..., alias="institution.name_zh")
    assignment: int | None = Field(None, description="The assignment created on acceptance")

    class Meta:
        model = Application
        fields = [
            "id",
            "enterprise",
            "institution",
            "assessment",
            "status",
            "message",
            "reply_by",
            "submitted_at",
            "quote",
            "planned_on",
            "decline_reason",
            "decided_at",
        ]

    @staticmethod
    def resolve_assignment(obj: Application) -> int | None:
        from django.core.exceptions import ObjectDoesNotExist

        try:
            return obj.assignment.pk
        except ObjectDoesNotExist:
            return None


class ApplicationDecisionIn(Schema):
    decision: Literal["accept", "decline"]
    quote: Decimal | None = Field(None, description="Accept: the quote in yuan")
    planned_on: date | None = Field(None, description="Accept: the planned visit date")
    reason: str = Field("", max_length=5000, description="Decline: the reason (required)")


class DocumentReviewIn(Schema):
    decision: Literal["pass", "request"]
    text: str = Field(
        "", max_length=5000, description="Request: the documents missing; pass: a note"
    )


class DocumentReviewOut(ModelSchema):
    requests: list[dict[str, Any]]

    class Meta:
        model = DocumentReview
        fields = ["id", "assignment", "status", "deadline", "passed_at", "note"]

    @staticmethod
    def resolve_requests(obj: DocumentReview) -> list[dict[str, Any]]:
        return [
            {
                "text": r.text,
                "requested_at": r.requested_at.isoformat(),
                "answer": r.answer,
                "answered_at": r.answered_at.isoformat() if r.answered_at else None,
            }
            for r in obj.requests.all()
        ]
