"""Reads of the typical-case library: the public library searched in Chinese and English with
the stored tokens (ADR 0002), filtered by type and industry; the officers' cases of their
regions; and the **suggestions** — published cases that fit a problem in an industry.

Suggestion rules (``suggest_cases``), on published cases only:

1. the case helps with the problem kind (one of its topics has the kind; any case when no kind
   is given), and the topic's detail is the same as the problem's, or one of them is open;
2. its industry is related: the same code or one within the other (C38 and C384) scores 3, the
   same division (C381 and C384) 2, only the same section (C) 1, another section 0;
3. it is suggested when the industry scores 2 or more, or 1 with the same detail named on both;
4. ranked by 10 × industry + 5 for the same detail, then the newest publication first; the
   reason names the industry relation and the problem matched.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qualitas.core.access import Actor, NotFound, register_entries_visible_q
from qualitas.core.providers import SuggestionContext
from qualitas.registers.choices import CaseProblem, EntryStatus
from qualitas.registers.models import CaseFigure, CaseTopic, TypicalCase
from qualitas.registry.models import Enterprise
from qualitas.registry.selectors import token_search

_TEXTS = (
    "name_zh",
    "methods",
    "problem",
    "measures",
    "results",
    "figures__label_zh",
)


def _search(qs: QuerySet[TypicalCase], q: str) -> QuerySet[TypicalCase]:
    return token_search(qs, q, _TEXTS)


def _with_parts(qs: QuerySet[TypicalCase]) -> QuerySet[TypicalCase]:
    return qs.select_related("region", "industry", "enterprise").prefetch_related(
        Prefetch("figures", queryset=CaseFigure.objects.order_by("pk")),
        Prefetch("topics", queryset=CaseTopic.objects.order_by("pk")),
    )


def published_cases(
    *, q: str = "", case_type: str = "", industry: str = ""
) -> QuerySet[TypicalCase]:
    """The public library: published cases matching ``q`` (Chinese fragments of two characters
    or more, English words), of a type, in an industry (its code and the codes within it)."""
    qs = TypicalCase.objects.filter(status=EntryStatus.PUBLISHED)
    if case_type:
        qs = qs.filter(case_type=case_type)
    if industry:
        qs = qs.filter(industry__code__startswith=industry.strip().upper())
    return _with_parts(_search(qs, q)).order_by("-published_at", "-pk")


def cases_for(*, actor: Actor, q: str = "") -> QuerySet[TypicalCase]:
    """Every case the actor may see, every state for the regions an officer keeps."""
    qs = TypicalCase.objects.filter(register_entries_visible_q(actor))
    return _with_parts(_search(qs, q)).order_by("status", "-pk")


def case_get(*, actor: Actor, pk: int) -> TypicalCase:
    """One case the actor may see (published, or kept by the officer); else not found."""
    case = _with_parts(TypicalCase.objects.filter(register_entries_visible_q(actor), pk=pk)).first()
    if case is None:
        raise NotFound
    return case


def own_industry(actor: Actor) -> str:
    """The industry code of the actor's own enterprise ("" for users of no enterprise)."""
    if actor.enterprise_id is None:
        return ""
    code = (
        Enterprise.objects.filter(pk=actor.enterprise_id)
        .values_list("industry_id", flat=True)
        .first()
    )
    return code or ""


def industry_relation(case_code: str, code: str) -> int:
    """3 same code or one within the other, 2 same division, 1 same section, 0 otherwise."""
    a, b = case_code.upper(), code.upper()
    if not a or not b:
        return 0
    if a.startswith(b) or b.startswith(a):
        return 3
    if len(a) >= 3 and len(b) >= 3 and a[:3] == b[:3]:
        return 2
    return 1 if a[0] == b[0] else 0


@dataclass(frozen=True)
class CaseSuggestion:
    case: TypicalCase
    score: int
    reason: str


_RELATION = {
    3: gettext_noop("Same industry (%(industry)s)"),
    2: gettext_noop("Same industry division (%(industry)s)"),
    1: gettext_noop("Same industry section (%(industry)s)"),
}


def _reason(case: TypicalCase, relation: int, topic: CaseTopic | None) -> str:
    parts = [_(_RELATION[relation]) % {"industry": f"{case.industry_id} {case.industry.name}"}]
    if topic is not None:
        label = str(CaseProblem(topic.problem).label)
        parts.append(
            _("helps with %(problem)s: %(detail)s") % {"problem": label, "detail": topic.detail}
            if topic.detail
            else _("helps with %(problem)s") % {"problem": label}
        )
    return "; ".join(parts)


def suggest_cases(context: SuggestionContext, *, limit: int = 5) -> list[CaseSuggestion]:
    """Published cases that fit the problem, ranked, each with its reason (rules above)."""
    code = (context.industry_code or "").strip().upper()
    if not code:
        return []
    detail = (context.detail or "").strip().lower()
    qs = TypicalCase.objects.filter(
        status=EntryStatus.PUBLISHED, industry__code__startswith=code[0]
    )
    if context.problem:
        qs = qs.filter(topics__problem=context.problem).distinct()
    found: list[tuple[int, float, int, CaseSuggestion]] = []
    for case in _with_parts(qs):
        relation = industry_relation(case.industry_id, code)
        topic, same_detail = None, False
        if context.problem:
            fitting = [
                t
                for t in case.topics.all()
                if t.problem == context.problem
                and (not t.detail or not detail or t.detail == detail)
            ]
            if not fitting:
                continue
            exact = [t for t in fitting if detail and t.detail == detail]
            topic, same_detail = (exact or fitting)[0], bool(exact)
        if relation < 2 and not (relation == 1 and same_detail):
            continue
        score = 10 * relation + (5 if same_detail else 0)
        stamp = case.published_at.timestamp() if case.published_at else 0.0
        found.append(
            (score, stamp, case.pk, CaseSuggestion(case, score, _reason(case, relation, topic)))
        )
    found.sort(key=lambda x: (-x[0], -x[1], -x[2]))
    return [s for *_rest, s in found[:limit]]
