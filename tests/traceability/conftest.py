"""Fixtures of the traceability tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _on_commit_now(monkeypatch):
    """Work scheduled on commit (the capture task, webhook delivery) runs at once: the test's
    transaction never commits, and the immediate task backend runs the task in place."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: fn())
