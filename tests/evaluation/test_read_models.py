"""Selectors return frozen read models that the pages read and the API serialises as they are."""

from __future__ import annotations

import dataclasses

import pytest

from qualitas.evaluation import selectors
from qualitas.evaluation.choices import AssignmentStatus

pytestmark = pytest.mark.django_db


def test_campaign_progress_on_the_page_and_in_the_api(world, onsite, client_for):
    p = selectors.campaign_progress(onsite.campaign)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.total = 0  # type: ignore[misc]
    assert p.total == 2 and p.status_counts[AssignmentStatus.ASSIGNED] == 1
    body = (
        client_for("authority")
        .get(f"/api/evaluation/campaigns/{onsite.campaign.pk}/progress")
        .json()
    )
    assert body == {
        "total": 2,
        "overdue": 0,
        "published_pct": 0,
        "statuses": {s.value: p.status_counts[s.value] for s in AssignmentStatus},
    }
    page = client_for("authority").get(f"/evaluation/campaigns/{onsite.campaign.pk}/")
    assert page.status_code == 200 and f'href="?status={AssignmentStatus.ASSIGNED}"' in (
        page.content.decode()
    )


def test_institution_consistency_withheld_below_the_minimum_group(world, onsite, client_for):
    from tests.evaluation.conftest import publish

    publish(world, onsite, upto=2)
    rows = client_for("authority").get("/api/evaluation/stats/consistency").json()
    assert len(rows) == 1
    row = rows[0]
    assert row["institution"] == world.institution.name_zh  # the default language: Chinese
    assert row["n"] == 0 and row["withheld"] is True  # no self-assessment to compare with
    assert row["self_gap_mean"] is None and row["peer_gap_mean"] is None
