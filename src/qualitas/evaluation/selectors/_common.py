"""What the evaluation selectors share: the minimum group size and the page's language."""

from __future__ import annotations

from datetime import date

from qualitas.core.access import peer_min_group


def min_group() -> int:
    """The smallest group of peers shown (an enterprise's position among its peers)."""
    return peer_min_group()


def _lang_en() -> bool:
    from django.utils import translation

    return (translation.get_language() or "").startswith("en")


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
