"""Enumerations of capability evaluation."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.IntegerChoices):
    """The five capability levels; 0 = L1 not reached."""

    NONE = 0, _("Not rated")
    L1 = 1, _("L1 Experience")
    L2 = 2, _("L2 Inspection")
    L3 = 3, _("L3 Assurance")
    L4 = 4, _("L4 Prevention")
    L5 = 5, _("L5 Excellence")


class Answer(models.TextChoices):
    """The answer scale (scores in the framework's ``scale``)."""

    FULL = "full", _("Fully met")
    MOSTLY = "mostly", _("Mostly met")
    PARTLY = "partly", _("Partly met")
    NONE = "none", _("Not met")
    NA = "na", _("Not applicable")


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    NOTE = "note", _("Note")
    PLATFORM = "platform", _("Platform data")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class AssignmentStatus(models.TextChoices):
    """Where one enterprise of a campaign stands."""

    PENDING = "pending", _("Awaiting evaluators")
    ASSIGNED = "assigned", _("Evaluators assigned")
    SUBMITTED = "submitted", _("Scores submitted")
    CONSOLIDATED = "consolidated", _("Consolidated")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Scoring")
    SUBMITTED = "submitted", _("Submitted")


class ResultStatus(models.TextChoices):
    """Regulated record states: draft → approved → published (never edited once published)."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class COIKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    CONSULTING = "consulting", _("Consulting")
    SAME_GROUP = "same_group", _("Same group of companies")
    FAMILY = "family", _("Close relative employed")
    OTHER = "other", _("Other tie")


class GateKind(models.TextChoices):
    """Recorded events the gating rules of a framework refer to."""

    SERIOUS_INCIDENT = "serious_incident", _("Serious quality or safety incident")
    PUBLISHED_PENALTY = "published_penalty", _("Published administrative penalty")
    DISHONESTY_LIST = "dishonesty_list", _("Seriously illegal and dishonest list")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld: re-evaluation")
    REJECTED = "rejected", _("Rejected")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting reply")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class ApplicationStatus(models.TextChoices):
    """An enterprise's application for an on-site evaluation: submitted → accepted | declined |
    withdrawn (by the enterprise, while submitted)."""

    SUBMITTED = "submitted", pgettext_lazy("application", "Awaiting decision")
    ACCEPTED = "accepted", pgettext_lazy("application", "Accepted")
    DECLINED = "declined", pgettext_lazy("application", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")


class DocumentReviewStatus(models.TextChoices):
    """The document review (文件评审) of an application-born assignment, before the site visit:
    awaiting review → more requested (the enterprise answers: awaiting review again) → passed."""

    OPEN = "open", _("Awaiting document review")
    MORE_REQUESTED = "more_requested", _("More documents requested")
    PASSED = "passed", _("Document review passed")


class OnsitePlanStatus(models.TextChoices):
    """The on-site evaluation plan (现场评价计划) of an application-born assignment, after the
    document review and before scoring: sent to the enterprise → confirmed, or a change asked
    for (the lead evaluator sends it again)."""

    SENT = "sent", _("Plan awaiting the enterprise's confirmation")
    CHANGE_REQUESTED = "change_requested", _("Enterprise asked to change the plan")
    CONFIRMED = "confirmed", _("Plan confirmed by the enterprise")


class CertificateActionKind(models.TextChoices):
    """What the issuing institution does to a certificate in force, always with grounds:
    suspend it (the level is not in force until reinstated), reinstate it, or withdraw it for good."""

    SUSPEND = "suspend", pgettext_lazy("certificate", "Suspended")
    REINSTATE = "reinstate", pgettext_lazy("certificate", "Reinstated")
    WITHDRAW = "withdraw", pgettext_lazy("certificate", "Withdrawn")


class SurveillanceOutcome(models.TextChoices):
    """The outcome of a yearly surveillance evaluation; a failed one suspends the certificate."""

    PASSED = "passed", _("Surveillance passed")
    FAILED = "failed", _("Surveillance failed")
