"""Full-text search of register entries with stored tokens (ADR 0002), shared by the case
library and the Q&A knowledge base."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from qualitas.registry.search import query_tokens
from qualitas.registry.selectors import token_filter

_M = TypeVar("_M", bound=Model)
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def token_search(qs: QuerySet[_M], q: str, texts: Sequence[str]) -> QuerySet[_M]:
    """Every token of ``q`` in the entry's tokens; a Chinese fragment re-checked as a substring
    of one of ``texts`` (lookups), so bigrams that occur apart make no hit."""
    qs = token_filter(qs, query_tokens(q))
    runs = _CJK_RUN.findall(q or "")
    for run in runs:
        cond = Q()
        for f in texts:
            cond |= Q(**{f"{f}__contains": run})
        qs = qs.filter(cond)
    return qs.distinct() if runs else qs
