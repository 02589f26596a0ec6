"""The one public search: every published record that an app offers through
``core.providers.search_provider``, kept as one row per record with its search tokens.

The rows are a derived index, rebuilt from the providers (``services.search_index_rebuild``);
nothing here is a source of truth. Tokens follow ``registry.search`` (CJK bigrams, Latin words),
so the same GIN index on PostgreSQL and the same ``LIKE`` conjunction on SQLite answer a query
without database extensions (ADR 0002)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One published record in the search: its kind, titles in both languages, text and place."""

    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    source_app = models.CharField(_("source"), max_length=40)
    enterprise_id = models.BigIntegerField(_("enterprise"), null=True, blank=True)
    region_code = models.CharField(_("region"), max_length=12, blank=True, db_index=True)
    industry_code = models.CharField(_("industry"), max_length=8, blank=True, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    tokens = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="portal_entry_kind_key"),
        ]
        indexes = [models.Index(fields=["kind", "published_at"], name="portal_kind_published")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class SearchIndexBuild(models.Model):
    """When the index was last rebuilt, how many records of each kind it took and how long."""

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    counts = models.JSONField(_("records per kind"), default=dict)
    seconds = models.FloatField(_("seconds"), default=0.0)

    class Meta:
        verbose_name = _("search index build")
        verbose_name_plural = _("search index builds")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.seconds} s)"
