"""Capability summaries kept current: after each monitored batch, and from the command line."""

from __future__ import annotations

import json
from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from tests.diagnosis.helpers import batch, make_diagnosis

pytestmark = pytest.mark.django_db


def _post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_ingesting_a_batch_updates_the_enterprise_summary(
    world, client_for, django_capture_on_commit_callbacks
):
    from qualitas.diagnosis.models import CapabilitySummary

    d = make_diagnosis(world)
    c = d["char"]
    assert c.monitored
    before = CapabilitySummary.objects.filter(enterprise=world.ent_a).count()
    # 40 recent in-spec values: the 90-day window now holds enough to assess the characteristic
    values = np.random.default_rng(3).normal(10.0, 0.05, 40)
    start = timezone.now() - timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        r = _post(
            client_for("enterprise"),
            f"/api/diagnosis/characteristics/{c.pk}/batches",
            batch(values, start=start, batch_id="recent"),
        )
    assert r.status_code in (200, 201), r.content
    assert callbacks, "the summary is scheduled on commit"
    summaries = CapabilitySummary.objects.filter(enterprise=world.ent_a).order_by("-computed_at")
    assert summaries.count() == before + 1
    latest = summaries.first()
    assert latest.monitored >= 1 and latest.assessed == 1 and latest.median_cpk is not None
    assert latest.median_cpk > 1.33 and latest.share_capable == 1.0
    c.refresh_from_db()
    assert c.last_cpk == pytest.approx(latest.median_cpk)
    # only that enterprise
    assert not CapabilitySummary.objects.filter(enterprise=world.ent_c).exists()
    # a duplicate batch stores nothing and schedules nothing
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _post(
            client_for("enterprise"),
            f"/api/diagnosis/characteristics/{c.pk}/batches",
            batch(values, start=start, batch_id="recent"),
        )
    assert summaries.count() == before + 1


def test_a_burst_of_batches_costs_one_computation(world):
    from qualitas.diagnosis.models import CapabilitySummary
    from qualitas.diagnosis.services import capability_summary_refresh

    make_diagnosis(world)
    earlier = timezone.now()
    first = capability_summary_refresh(enterprise_id=world.ent_a.pk, after=earlier)
    assert first is not None
    # a later task for a batch received before that summary: nothing to do
    assert capability_summary_refresh(enterprise_id=world.ent_a.pk, after=earlier) is None
    assert CapabilitySummary.objects.filter(enterprise=world.ent_a).count() == 1


def test_cli_summaries(world):
    from typer.testing import CliRunner

    from qualitas.cli import app
    from qualitas.diagnosis.models import CapabilitySummary

    make_diagnosis(world)
    runner = CliRunner()
    r = runner.invoke(app, ["diagnosis", "summaries", "--enterprise", world.ent_a.credit_code])
    assert r.exit_code == 0, r.output
    assert "1 summary(ies) computed" in r.output
    assert CapabilitySummary.objects.filter(enterprise=world.ent_a).count() == 1
    r = runner.invoke(app, ["diagnosis", "summaries"])
    assert r.exit_code == 0 and CapabilitySummary.objects.count() == 2
    r = runner.invoke(app, ["diagnosis", "summaries", "--enterprise", "NOPE"])
    assert r.exit_code == 2
