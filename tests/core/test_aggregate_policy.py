"""The minimum group size protects readers of aggregates, not readers with row access (issue 11
item 12): one named policy (core.access.aggregates), applied wherever groups are withheld."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from qualitas.core.access import (
    Actor,
    aggregate_min_group,
    peer_min_group,
    reads_rows_of_aggregates,
)
from qualitas.core.choices import PUBLIC, Role

SRC = Path(__file__).resolve().parents[2] / "src" / "qualitas"


def test_the_policy_by_role():
    m = settings.QUALITAS["MIN_GROUP_SIZE"]
    assert m > 1
    for role in (Role.ADMIN, Role.AUTHORITY):
        actor = Actor(user=None, role=role, region_codes=("330000",))
        assert reads_rows_of_aggregates(actor) and aggregate_min_group(actor) == 1
    for role in (Role.ENTERPRISE, Role.EVALUATOR, Role.PARTNER, PUBLIC):
        actor = Actor(user=None, role=role)
        assert not reads_rows_of_aggregates(actor) and aggregate_min_group(actor) == m
    assert peer_min_group() == m  # peers lie outside every reader's rows


def test_no_group_size_is_read_outside_the_policy():
    """Every place that withholds small groups asks core.access.aggregates (the index's
    methodology has its own published size, stored per version)."""
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel in ("core/access/aggregates.py", "config/settings/base.py"):
            continue
        if re.search(r"\[\"MIN_GROUP_SIZE\"\]", path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert not offenders, offenders


@pytest.mark.django_db
def test_an_officer_sees_the_small_groups_of_its_regions(world, client_for):
    """Zhejiang has two enterprises (fewer than the minimum group size): the officer, who can
    list both row by row, is shown the count on the page, in the API and in the export."""
    authority = client_for("authority")
    page = authority.get("/registry/stats/", {"lang": "zh-hans"}).content.decode()
    assert "数据不足" not in page and "不予显示" not in page
    assert 'data-figure="fig-provinces"' in page and "浙江省" in page
    api = authority.get("/api/registry/stats").json()
    zj = next(g for g in api["by_province"] if g["code"] == "330000")
    assert zj["n"] == 2 and not zj["withheld"]


@pytest.mark.django_db
def test_monitoring_shows_the_industries_of_the_listed_enterprises(world, client_for):
    from tests.diagnosis.helpers import make_diagnosis

    make_diagnosis(world)
    html = (
        client_for("authority").get("/diagnosis/authority/", {"lang": "zh-hans"}).content.decode()
    )
    assert "数据不足" not in html
    assert 'data-figure="fig-monitoring"' in html
    assert "杭州市" in html  # the region by name, not 330100 alone
    api = client_for("authority").get("/api/diagnosis/aggregates").json()
    assert all(not i["withheld"] for i in api["by_industry"])


@pytest.mark.django_db
def test_evaluation_dashboard_shows_every_group_to_the_officer(world, client_for):
    from tests.evaluation.helpers import make_evaluation

    make_evaluation(world)
    authority = client_for("authority")
    html = authority.get("/evaluation/dashboard/", {"lang": "zh-hans"}).content.decode()
    assert "数据不足" not in html and "不足 5 家企业的分组不予显示" not in html
    rows = authority.get("/api/evaluation/stats/levels").json()
    rows = rows["rows"] if isinstance(rows, dict) else rows
    assert rows and all(not r["withheld"] for r in rows)
