"""What the evaluation selectors share: the minimum group size and the page's language."""

from __future__ import annotations

from django.conf import settings


def min_group() -> int:
    return int(settings.QUALITAS["MIN_GROUP_SIZE"])


def _lang_en() -> bool:
    from django.utils import translation

    return (translation.get_language() or "").startswith("en")
