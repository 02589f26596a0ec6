"""Writes of the Q&A knowledge base: a question with its answer in both languages, its search
tokens rebuilt on every write (ADR 0002), publication by an officer of its region."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, NotFound, may_keep_region_entry
from qualitas.registers.models import QAEntry
from qualitas.registers.services.base import (
    audit,
    publish,
    region_for,
    require_keeper,
    require_text,
)
from qualitas.registry.search import token_string


def qa_save(*, actor: Actor, data: Mapping[str, Any], entry: QAEntry | None = None) -> QAEntry:
    """Create or change a question and answer: a Chinese question and answer, a region kept."""
    require_keeper(actor)
    if entry is not None and not may_keep_region_entry(actor, entry.region_id):
        raise NotFound
    values = {
        "name_zh": require_text(data.get("name_zh", ""), "name_zh", _("The question")),
        "name_en": (data.get("name_en") or "").strip(),
        "answer_zh": require_text(data.get("answer_zh", ""), "answer_zh", _("The answer")),
        "answer_en": (data.get("answer_en") or "").strip(),
        "topic": (data.get("topic") or "").strip(),
        "region": region_for(actor, data.get("region")),
    }
    with transaction.atomic():
        if entry is None:
            entry = QAEntry(created_by=actor.user, **values)
            action = "qaentry.create"
        else:
            for k, v in values.items():
                setattr(entry, k, v)
            action = "qaentry.update"
        entry.search_tokens = token_string(
            entry.name_zh, entry.name_en, entry.answer_zh, entry.answer_en, entry.topic
        )
        entry.save()
        audit(actor, action, entry, topic=entry.topic)
    return entry


def qa_publish(*, actor: Actor, entry: QAEntry) -> QAEntry:
    """Publish the question and answer in the public knowledge base."""
    require_keeper(actor)
    with transaction.atomic():
        publish(actor, entry)
    return entry
