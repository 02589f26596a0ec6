"""Reads of the Q&A knowledge base: the public base searched in Chinese and English; the
officers' entries of their regions."""

from __future__ import annotations

from django.db.models import QuerySet

from qualitas.core.access import Actor, NotFound, register_entries_visible_q
from qualitas.registers.choices import EntryStatus
from qualitas.registers.models import QAEntry
from qualitas.registry.selectors import token_search

_TEXTS = ("name_zh", "answer_zh", "topic")


def published_qa(*, q: str = "") -> QuerySet[QAEntry]:
    """The public knowledge base: published questions matching ``q`` (Chinese, English)."""
    qs = QAEntry.objects.filter(status=EntryStatus.PUBLISHED)
    return token_search(qs, q, _TEXTS).order_by("topic", "pk")


def qa_for(*, actor: Actor) -> QuerySet[QAEntry]:
    """Every entry the actor may see, every state for the regions an officer keeps."""
    return QAEntry.objects.filter(register_entries_visible_q(actor)).order_by("status", "-pk")


def qa_get(*, actor: Actor, pk: int) -> QAEntry:
    """One entry the actor may see; else not found."""
    entry = QAEntry.objects.filter(register_entries_visible_q(actor), pk=pk).first()
    if entry is None:
        raise NotFound
    return entry
