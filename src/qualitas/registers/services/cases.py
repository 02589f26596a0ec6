"""Writes of the typical-case library: a case with its key figures and the problems it helps
with; search tokens rebuilt on every write (ADR 0002); publication by an officer of its region."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, NotFound, may_keep_region_entry
from qualitas.registers.choices import CaseProblem, CaseType
from qualitas.registers.models import CaseFigure, CaseTopic, TypicalCase
from qualitas.registers.services.base import (
    RegisterError,
    audit,
    publish,
    region_for,
    require_keeper,
    require_text,
    withdraw,
)
from qualitas.registry.models import Enterprise, Industry
from qualitas.registry.search import token_string


def parse_figures(text: str) -> list[dict[str, str]]:
    """Key figures one per line as ``figure | before | after | unit | English name`` (before,
    unit and English name may be empty)."""
    out: list[dict[str, str]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        parts += [""] * (5 - len(parts))
        out.append(
            {
                "label_zh": parts[0],
                "before": parts[1],
                "after": parts[2],
                "unit": parts[3],
                "label_en": parts[4],
            }
        )
    return out


def parse_topics(text: str) -> list[dict[str, str]]:
    """Problems the case helps with, one per line as ``kind:detail`` (detail optional)."""
    out = []
    for line in (text or "").splitlines():
        if line.strip():
            kind, _sep, detail = line.strip().partition(":")
            out.append({"problem": kind.strip(), "detail": detail.strip()})
    return out


def _number(value: Any, *, row: int, label: str, required: bool) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", "")
    if not text:
        if required:
            raise RegisterError(
                _("Figure %(n)s (%(name)s) has no value after."),
                field="figures",
                row=row,
                n=row,
                name=label,
            )
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise RegisterError(
            _("Figure %(n)s (%(name)s): %(value)s is not a number."),
            field="figures",
            row=row,
            n=row,
            name=label,
            value=text,
        ) from None


def _figures(figures: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if not figures:
        raise RegisterError(_("Give at least one key figure of the results."), field="figures")
    out = []
    for row, f in enumerate(figures, start=1):
        label = (f.get("label_zh") or "").strip()
        if not label:
            raise RegisterError(_("Figure %(n)s has no name."), field="figures", row=row, n=row)
        out.append(
            {
                "label_zh": label,
                "label_en": (f.get("label_en") or "").strip(),
                "before": _number(f.get("before"), row=row, label=label, required=False),
                "after": _number(f.get("after"), row=row, label=label, required=True),
                "unit": (f.get("unit") or "").strip(),
            }
        )
    return out


def _topics(topics: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for row, t in enumerate(topics, start=1):
        problem = (t.get("problem") or "").strip()
        if problem not in CaseProblem.values:
            raise RegisterError(
                _("Problem %(n)s: %(value)s is not one of %(kinds)s."),
                field="topics",
                row=row,
                n=row,
                value=problem,
                kinds=", ".join(CaseProblem.values),
            )
        item = {"problem": problem, "detail": (t.get("detail") or "").strip().lower()}
        if item not in out:
            out.append(item)
    return out


def case_tokens(case: TypicalCase, figures: Sequence[Mapping[str, Any]]) -> str:
    """The stored search tokens of a case: its names, texts, methods and figure names."""
    return token_string(
        case.name_zh,
        case.name_en,
        case.methods,
        case.problem,
        case.measures,
        case.results,
        case.summary_en,
        *(f"{f['label_zh']} {f['label_en']}" for f in figures),
    )


def case_save(
    *,
    actor: Actor,
    data: Mapping[str, Any],
    figures: Sequence[Mapping[str, Any]],
    topics: Sequence[Mapping[str, str]] = (),
    case: TypicalCase | None = None,
) -> TypicalCase:
    """Create or change a case with its figures and topics (all or nothing).

    Rules: a type of the library; a known industry (GB/T 4754 code); a Chinese title, problem,
    measures and results; a region the officer keeps; an enterprise, when given, by its credit
    code; at least one key figure with a value after; topics of the known problem kinds.
    """
    require_keeper(actor)
    if case is not None and not may_keep_region_entry(actor, case.region_id):
        raise NotFound
    case_type = (data.get("case_type") or "").strip()
    if case_type not in CaseType.values:
        raise RegisterError(_("Choose the type of the case."), field="case_type")
    code = (data.get("industry") or "").strip().upper()
    industry = Industry.objects.filter(pk=code).first() if code else None
    if industry is None:
        raise RegisterError(
            _("Unknown industry %(code)s (GB/T 4754 code, e.g. C38)."), field="industry", code=code
        )
    name_zh = require_text(data.get("name_zh", ""), "name_zh", _("The Chinese name"))
    problem = require_text(data.get("problem", ""), "problem", _("The description of the problem"))
    measures = require_text(
        data.get("measures", ""), "measures", _("The description of the measures")
    )
    results = require_text(data.get("results", ""), "results", _("The description of the results"))
    region = region_for(actor, data.get("region"))
    enterprise = None
    credit_code = (data.get("enterprise") or "").strip().upper()
    if credit_code:
        enterprise = Enterprise.objects.filter(credit_code=credit_code).first()
        if enterprise is None:
            raise RegisterError(
                _("No enterprise has the credit code %(code)s."),
                field="enterprise",
                code=credit_code,
            )
    clean_figures = _figures(figures)
    clean_topics = _topics(topics)
    values = {
        "case_type": case_type,
        "industry": industry,
        "enterprise": enterprise,
        "name_zh": name_zh,
        "name_en": (data.get("name_en") or "").strip(),
        "region": region,
        "methods": (data.get("methods") or "").strip(),
        "problem": problem,
        "measures": measures,
        "results": results,
        "summary_en": (data.get("summary_en") or "").strip(),
    }
    with transaction.atomic():
        if case is None:
            case = TypicalCase(created_by=actor.user, **values)
            action = "case.create"
        else:
            for k, v in values.items():
                setattr(case, k, v)
            action = "case.update"
        case.search_tokens = case_tokens(case, clean_figures)
        case.save()
        case.figures.all().delete()
        case.topics.all().delete()
        CaseFigure.objects.bulk_create([CaseFigure(case=case, **f) for f in clean_figures])
        CaseTopic.objects.bulk_create([CaseTopic(case=case, **t) for t in clean_topics])
        audit(actor, action, case, type=case_type, industry=industry.pk)
    return case


def case_publish(*, actor: Actor, case: TypicalCase) -> TypicalCase:
    """Publish the case in the public library (it becomes searchable and suggested)."""
    require_keeper(actor)
    with transaction.atomic():
        publish(actor, case)
    return case


def case_withdraw(*, actor: Actor, case: TypicalCase) -> TypicalCase:
    """Withdraw a published case from the library (the record stays)."""
    require_keeper(actor)
    with transaction.atomic():
        withdraw(actor, case)
    return case
