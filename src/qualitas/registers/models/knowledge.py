"""The "hundred questions and answers" knowledge base (task 1): questions and answers in both
languages under a topic, searchable with the stored tokens (ADR 0002)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitas.registers.models.base import Entry, pick


class QAEntry(Entry):
    """A question (``name_zh``/``name_en``) and its answer, kept by an authority for its region."""

    topic = models.CharField(_("topic"), max_length=100, blank=True)
    answer_zh = models.TextField(_("answer (Chinese)"))
    answer_en = models.TextField(_("answer (English)"), blank=True)
    search_tokens = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["topic", "pk"]

    @property
    def answer(self) -> str:
        return pick(self.answer_zh, self.answer_en)
