"""The public grade lookup as JSON (/api/standards/grades) and from the terminal
(``qualitas grades``, ``qualitas standards``, ``qualitas brands``)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from qualitas.cli import app
from tests.brands.factories import brand
from tests.standards.access_expectations import kwargs as standards_world

pytestmark = pytest.mark.django_db


def test_grade_lookup_json(world, client):
    from qualitas.standards.models import GradeAssessment

    standards_world(world)
    g = GradeAssessment.objects.get(report_no="ACC-1")  # capacity 4500 ≥ 4000: grade A
    found = client.get("/api/standards/grades", {"q": world.ent_a.credit_code}).json()
    assert [r["number"] for r in found] == [g.number]
    one = client.get(f"/api/standards/grades/{g.number.lower()}").json()
    assert (one["grade"], one["qualified"], one["in_force"]) == ("A", True, True)
    assert one["credit_code"] == world.ent_a.credit_code
    assert one["accreditation"] == "CNAS L1234"
    g.withdrawn = True
    g.save()
    assert client.get(f"/api/standards/grades/{g.number}").json()["in_force"] is False
    assert client.get("/api/standards/grades", {"q": g.number}).json() == []
    assert client.get("/api/standards/grades/NO-SUCH").status_code == 404


def test_cli_lookups(world):
    from qualitas.standards.models import GradeAssessment

    standards_world(world)
    g = GradeAssessment.objects.get(report_no="ACC-1")
    run = CliRunner().invoke
    r = run(app, ["--lang", "en", "grades", "show", g.number, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["grade"] == "A"
    r = run(app, ["--lang", "en", "grades", "lookup", world.ent_a.credit_code])
    assert r.exit_code == 0 and g.number in r.output
    r = run(app, ["--lang", "en", "grades", "show", "NO-SUCH"])
    assert r.exit_code == 2 and "no grade has the number NO-SUCH" in r.output
    r = run(app, ["--lang", "zh-hans", "grades", "show", "NO-SUCH"])
    assert "没有编号为 NO-SUCH 的分级" in r.output
    brand(world)
    r = run(app, ["--lang", "en", "brands", "lookup", "恒信", "--json"])
    assert [b["name"] for b in json.loads(r.output)["brands"]] == ["Hengxin"]
    r = run(app, ["--lang", "en", "standards", "lookup", "GB 99999"])
    assert r.exit_code == 2 and "no standard matches" in r.output
