"""API schemas of integrity and quality credit (``<Model>In``, ``<Model>Out``), explicit fields."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class CreditRecordOut(Schema):
    id: int
    kind: str
    decision_no: str
    version: int
    revision_note: str
    enterprise_credit_code: str
    enterprise_name_zh: str
    legal_basis: str
    facts: str
    penalty_type: str
    amount: float | None = None
    major: bool
    authority_zh: str
    authority_en: str
    region_id: str
    decided_on: date
    publicity_from: date
    publicity_until: date
    published_at: datetime | None = None


class FactorOut(Schema):
    key: str
    weight: float
    value: float | None = None
    used: float
    points: float
    max_points: float
    label_en: str
    label_zh: str
    explanation_en: str
    explanation_zh: str
    raise_en: str
    raise_zh: str
    source: str
    as_of: date | None = None


class RatingPublicOut(Schema):
    """What everyone may read: the class and the records in publicity."""

    credit_code: str
    name_zh: str
    klass: str | None = None
    methodology: str | None = None
    as_of: date | None = None
    records_in_publicity: list[str]
    lists: list[str]
    samr_class: str | None = None


class RatingOut(Schema):
    """The full credit report: score and each factor (consent ``credit_report`` for banks)."""

    credit_code: str
    klass: str
    score: float
    capped: bool
    methodology: str
    as_of: date
    computed_at: datetime
    reason: str
    reason_label: str
    factors: list[FactorOut]


class LoanIn(Schema):
    credit_code: str
    outcome: str
    amount_band: str = ""
    decided_on: date


class LoanOut(Schema):
    id: int
    credit_code: str
    rating_class: str
    rating_score: float
    outcome: str
    amount_band: str
    decided_on: date


class LoanStatOut(Schema):
    province: str | None = None
    industry: str | None = None
    outcome: str
    klass: str | None = None
    decisions: int


class EligibilityOut(Schema):
    """Signed: ``signature`` is Ed25519 over the canonical JSON of every other field."""

    credit_code: str
    name_zh: str
    purpose: str
    eligible: bool
    grounds: list[dict[str, str]]
    checked_at: str
    algorithm: str
    signature: str


class SigningKeyOut(Schema):
    algorithm: str
    public_key: str
    canonical_form: str


class MethodologyFactorIn(Schema):
    weight: float
    missing: float = 0.0


class MethodologyIn(Schema):
    """A methodology version: ``weights`` maps a factor key to its weight and value without
    data; ``thresholds`` lists ``[class, lowest score]`` from AAA down to C."""

    code: str
    weights: dict[str, MethodologyFactorIn]
    thresholds: list[tuple[str, float]]
    half_life_days: int
    note: str = ""


class MethodologyOut(Schema):
    code: str
    status: str
    weights: dict[str, dict[str, float | str]]
    thresholds: list[tuple[str, float]]
    half_life_days: int
    note: str
    published_at: datetime | None = None


class AppealIn(Schema):
    credit_code: str
    grounds: str


class AppealDecisionIn(Schema):
    revise: bool
    note: str


class RatingAppealOut(Schema):
    id: int
    credit_code: str
    rating_class: str
    rating_score: float
    grounds: str
    status: str
    submitted_on: date
    due_on: date
    decided_on: date | None = None
    decision_note: str
    result_class: str | None = None
    result_score: float | None = None
