"""Enumerations of integrity and quality credit."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RecordKind(models.TextChoices):
    """An administrative penalty decision, or another misconduct record an authority keeps."""

    PENALTY = "penalty", _("Administrative penalty")
    MISCONDUCT = "misconduct", _("Misconduct record")


class PenaltyType(models.TextChoices):
    """Kinds of administrative penalty (Administrative Penalty Law, art. 9), plus other records."""

    WARNING = "warning", _("Warning or circulated criticism")
    FINE = "fine", _("Fine or confiscation of illegal gains")
    SUSPENSION = "suspension", _("Suspension of production or business")
    LICENCE = "licence", _("Licence revoked or qualification lowered")
    DETENTION = "detention", _("Administrative detention")
    OTHER = "other", _("Other")


class RecordStatus(models.TextChoices):
    """Regulated records go draft → approved → published (two people); corrections are new versions."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a correction")


class ListKind(models.TextChoices):
    """Lists an enterprise may be entered on (``credit_lists_and_repair.csv``)."""

    SERIOUS = "serious", _("Serious violation and dishonesty list")
    ABNORMAL = "abnormal", _("Abnormal operations list")
    RED = "red", _("Quality red list")


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", pgettext_lazy("credit decision", "Granted")
    REFUSED = "refused", _("Refused")


class RepairTarget(models.TextChoices):
    """What a credit repair asks for (Credit Repair Measures 2021, art. 2)."""

    PENALTY = "penalty", _("Early end of penalty publicity")
    LISTING = "listing", _("Early removal from a list")


class CreditClass(models.TextChoices):
    """The platform's own quality credit classes (highest first); not SAMR's risk classes."""

    AAA = "AAA", _("AAA — excellent quality credit")
    AA = "AA", _("AA — good quality credit")
    A = "A", _("A — adequate quality credit")
    B = "B", _("B — weak quality credit")
    C = "C", _("C — poor quality credit")


class SamrClass(models.TextChoices):
    """SAMR's enterprise credit risk classes (国市监信发〔2022〕6号; samr_credit_risk_classes.csv)."""

    A = "A", _("A — low credit risk")
    B = "B", _("B — general credit risk")
    C = "C", _("C — relatively high credit risk")
    D = "D", _("D — high credit risk")


class MethodologyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AppealStatus(models.TextChoices):
    """An enterprise's appeal of its rating: submitted, then upheld or revised by the authority."""

    SUBMITTED = "submitted", _("Submitted")
    UPHELD = "upheld", _("Rating upheld")
    REVISED = "revised", _("Rating recomputed")


class RatingReason(models.TextChoices):
    """Why a rating was (re)computed: shown in the rating's history in the reader's language."""

    BATCH = "batch", _("Batch rating of every enterprise")
    RECORD_PUBLISH = "record_publish", _("A penalty or misconduct record was published")
    LISTING_PUBLISH = "listing_publish", _("A list entry was published")
    REPAIR_GRANT = "repair_grant", _("A credit repair was granted")
    MANUAL = "manual", _("Recomputed by an officer")
    APPEAL = "appeal", _("Recomputed on appeal")
    METHODOLOGY = "methodology", _("A new methodology version was published")
    DEMO = "demo", _("Demonstration data")


class LoanOutcome(models.TextChoices):
    GRANTED = "granted", pgettext_lazy("credit decision", "Granted")
    DECLINED = "declined", _("Declined")


class AmountBand(models.TextChoices):
    """Loan amount bands (yuan); banks report a band, not the amount."""

    UP_TO_1M = "le_1m", _("up to 1 million")
    UP_TO_5M = "le_5m", _("1 to 5 million")
    UP_TO_20M = "le_20m", _("5 to 20 million")
    UP_TO_50M = "le_50m", _("20 to 50 million")
    ABOVE_50M = "gt_50m", _("above 50 million")


class ProcurementPurpose(models.TextChoices):
    """Why a procurement system asks (joint punishment applies to each)."""

    PROCUREMENT = "procurement", _("Government procurement")
    BIDDING = "bidding", _("Tendering and bidding")
    HONOURS = "honours", _("Honours and awards")
