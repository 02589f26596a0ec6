"""``qualitas credit verify`` checks a signed eligibility answer with the published key alone;
``qualitas credit rate`` rates the register."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from qualitas.cli import app
from qualitas.credit.models import Rating

pytestmark = pytest.mark.django_db


def test_verify_an_answer_offline(world, client, tmp_path):
    key = client.get("/api/credit/signing-key").json()["public_key"]
    answer = client.get(
        "/api/credit/eligibility",
        {"credit_code": world.ent_b.credit_code, "purpose": "procurement"},
    ).json()
    good = tmp_path / "answer.json"
    good.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    ok = CliRunner().invoke(app, ["--lang", "en", "credit", "verify", str(good), "--key", key])
    assert ok.exit_code == 0 and "signature valid" in ok.output
    bad = tmp_path / "changed.json"
    bad.write_text(json.dumps({**answer, "eligible": False}), encoding="utf-8")
    refused = CliRunner().invoke(app, ["--lang", "en", "credit", "verify", str(bad), "--key", key])
    assert refused.exit_code != 0 and "does not match" in refused.output


def test_rate_every_enterprise(world):
    result = CliRunner().invoke(app, ["--lang", "en", "credit", "rate"])
    assert result.exit_code == 0, result.output
    assert Rating.objects.filter(current=True).count() == 3
