"""Names of the kinds of published record in the one search, in the reader's language.

A kind that an app offers without a name here is shown by its key; add its name when the app
adds the kind (``core.providers.SearchDocument.kind``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KIND_NAMES: dict[str, Promise] = {
    "enterprise": _("Enterprises"),
    "result": _("Evaluation results"),
    "recall": _("Product recalls"),
    "spot_check": _("Spot-check results"),
    "penalty": _("Penalties in publicity"),
    "product_grade": _("Product quality grades"),
    "brand": _("Brands"),
    "standard_declaration": _("Standards declarations"),
    "laboratory": _("Laboratories"),
    "case": _("Typical cases"),
    "qa": _("Questions and answers"),
    "work_summary": _("Work summaries"),
}

#: The order of the groups on the page: the kinds above first, then any other by its key.
KIND_ORDER = list(KIND_NAMES)


def kind_name(kind: str) -> str:
    return str(KIND_NAMES.get(kind, kind))
