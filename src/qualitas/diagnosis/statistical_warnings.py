"""The statistical warnings of ``qualitas.analytics`` in the reader's language.

The analytics library warns in English and may name its own modules (it is also a Python
library). A study stores the library's text (the API keeps answering it); the pages recognise
each known warning, take its values and say it in the reader's language. A warning this module
does not know is shown as the library wrote it.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_noop

_NUMBER = r"([-+0-9.eE]+|nan|inf)"

# (code, pattern of the library's text, message with the pattern's named groups)
KNOWN: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "non_normal",
        re.compile(rf"^Anderson-Darling p = (?P<p>{_NUMBER}) < "),
        gettext_noop(
            "Anderson–Darling p = %(p)s < 0.05: the data do not look normally distributed, so "
            "indices and PPM based on the normal distribution may mislead; choose a method for "
            "non-normal data (Box-Cox, Johnson, percentile or nonparametric)."
        ),
    ),
    (
        "still_non_normal",
        re.compile(
            rf"^after the (?P<name>\S+) transformation the values still fail the "
            rf"Anderson-Darling test \(p = (?P<p>{_NUMBER})\)"
        ),
        gettext_noop(
            "After the %(name)s transformation the values still fail the Anderson–Darling test "
            "(p = %(p)s); consider the percentile or the nonparametric method."
        ),
    ),
    (
        "target_outside",
        re.compile(rf"^target (?P<target>{_NUMBER}) lies outside the specification limits"),
        gettext_noop("The target %(target)s lies outside the specification limits."),
    ),
    (
        "one_sided",
        re.compile(rf"^(?P<side>lsl|usl) (?P<value>{_NUMBER}) lies outside the domain of the "),
        gettext_noop(
            "%(side)s %(value)s lies outside the range of the fitted model: that side is dropped "
            "and the indices are one-sided."
        ),
    ),
    (
        "few_values",
        re.compile(r"^only (?P<n>\d+) values: .* need about (?P<minimum>\d+) or more"),
        gettext_noop(
            "Only %(n)s values: the 0.135 %% and 99.865 %% points need about %(minimum)s or more "
            "and are interpolated between the extreme values, so the indices are optimistic."
        ),
    ),
)
_MESSAGES = {code: message for code, _pattern, message in KNOWN}


def warning_record(text: str) -> dict[str, Any]:
    """What a study stores of one warning: ``{"code", "params", "text"}`` (text: the original)."""
    for code, pattern, _message in KNOWN:
        m = pattern.search(text)
        if m:
            params = {k: (v.upper() if k == "side" else v) for k, v in m.groupdict().items()}
            return {"code": code, "params": params, "text": text}
    return {"code": "", "params": {}, "text": text}


def warning_text(record: Any) -> str:
    """One stored warning in the active language (older studies stored plain strings)."""
    if isinstance(record, str):
        record = warning_record(record)
    message = _MESSAGES.get(record.get("code") or "")
    if message is None:
        return str(record.get("text", ""))
    return str(_g(message) % record.get("params", {}))
