"""Annual plans and the work summary: figures compiled from the providers and recomputed here
independently from the same data; targets beside them; the due-date reminder; export; access."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from qualitas.core.access import NotFound, actor_for
from qualitas.core.models import Notification
from qualitas.core.notifications import deliver_deadlines
from qualitas.registers import services
from qualitas.registers.models import Laboratory, WorkSummary
from qualitas.registry.models import Enterprise
from qualitas.supervision.models import Sample
from tests.registers.factories import lab_data, make_lab, make_summary
from tests.supervision.factories import published_fast

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _by_key(summary: WorkSummary) -> dict[str, dict]:
    return {f["key"]: f for f in summary.figures}


def test_figures_are_recomputed_independently(world):
    make_lab(world)  # Hangzhou: inside Zhejiang
    make_lab(world, code="ZJ-LAB-2", region="330200")  # Ningbo
    gd = services.laboratory_save(
        actor=actor_for(world.users["admin"]),
        data=lab_data(code="GD-LAB-1", name_zh="广东检验所", region="440100"),
        items=[{"name_zh": "辐射骚扰", "standard": "GB/T 9254.1-2021", "method": ""}],
    )
    services.laboratory_publish(actor=actor_for(world.users["admin"]), lab=gd)
    published_fast(world, "SUM-1")  # a spot-check of ent_a (Hangzhou)
    s = services.summary_compile(
        actor=actor_for(world.users["authority"]), region="330000", year=TODAY.year
    )
    got = _by_key(s)
    # the same figures, counted here from the source apps' own tables
    labs = Laboratory.objects.filter(
        status="published", region__code__startswith="33", published_at__year=TODAY.year
    ).count()
    samples = Sample.objects.filter(
        campaign__status="published",
        enterprise__region__code__startswith="33",
        campaign__published_at__year=TODAY.year,
    ).count()
    enterprises = Enterprise.objects.filter(province_id="330000", status="active").count()
    assert got["published:laboratory"]["value"] == labs == 2
    assert got["published:spot_check"]["value"] == samples == 1
    assert got["enterprises"]["value"] == enterprises == 2
    assert "kind=laboratory, region within 330000" in got["published:laboratory"]["source"]
    # two Zhejiang enterprises: below the minimum group size every indicator is withheld
    indicators = [f for f in s.figures if f["section"] == "indicators"]
    assert indicators and all(f["value"] is None for f in indicators)


def test_plan_targets_stand_beside_the_figures(world, client_for):
    officer = actor_for(world.users["authority"])
    services.plan_save(
        actor=officer,
        region="330000",
        year=TODAY.year,
        title="浙江省年度质量工作计划",
        targets=services.parse_targets("published:laboratory = 5\nenterprises = 1200"),
    )
    make_lab(world)
    s = services.summary_compile(actor=officer, region="330000", year=TODAY.year)
    assert _by_key(s)["published:laboratory"]["target"] == 5.0
    page = client_for("authority").get(f"/registers/summaries/{s.pk}/").content.decode()
    assert 'data-testid="value-published:laboratory">1<' in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("enterprises 12", "Target line 1 reads “figure = value”: enterprises 12"),
        ("a = 1\na = 2", "Target line 2 repeats a."),
    ],
)
def test_unreadable_target_line_is_refused_by_row(text, message):
    with pytest.raises(services.RegisterError) as err, translation.override("en"):
        services.parse_targets(text)
    with translation.override("en"):
        assert str(err.value) == message


def test_refusals(world):
    officer = actor_for(world.users["authority"])
    with pytest.raises(services.RegisterError) as err:
        services.summary_compile(actor=officer, region="440000", year=TODAY.year)
    assert err.value.field == "region"
    with pytest.raises(services.RegisterError) as err:
        services.summary_compile(actor=officer, region="330000", year=2000)
    assert err.value.field == "year"
    s = services.summary_compile(actor=officer, region="330000", year=TODAY.year)
    with pytest.raises(services.RegisterError) as err:
        services.summary_publish(actor=officer, summary=s)
    assert err.value.field == "narrative"
    services.summary_edit(actor=officer, summary=s, narrative="全年工作总结。")
    services.summary_publish(actor=officer, summary=s)
    with pytest.raises(services.RegisterError) as err, translation.override("en"):
        services.summary_compile(actor=officer, region="330000", year=TODAY.year)
    with translation.override("en"):
        assert (
            str(err.value) == f"The summary of {TODAY.year} is published: it is not compiled again."
        )
    with pytest.raises(NotFound):
        services.summary_compile(
            actor=actor_for(world.users["enterprise"]), region="330000", year=TODAY.year
        )


def test_due_date_reminder_until_published(world):
    officer = world.users["authority"]
    year = TODAY.year
    assert deliver_deadlines(officer, today=date(year, 11, 1)) == 0
    assert deliver_deadlines(officer, today=date(year, 12, 4)) == 1
    n = Notification.objects.get(user=officer)
    assert n.message == "The work summary %(year)s of %(region)s is due on %(day)s."
    assert n.params["day"] == f"{year}-12-10"
    assert deliver_deadlines(officer, today=date(year, 12, 5)) == 0  # once per key
    s = make_summary(world, year=year)
    assert s.status == "published"
    assert deliver_deadlines(officer, today=date(year, 12, 11)) == 0


def test_xlsx_export_names_each_figures_source(world, client_for):
    from openpyxl import load_workbook

    make_lab(world)
    s = make_summary(world)
    r = client_for("public").get(f"/registers/summaries/{s.pk}/figures.xlsx")
    assert r.status_code == 200
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert (rows[0][1], rows[0][6]) == ("指标键", "来源（查询）")
    lab = next(row for row in rows if row[1] == "published:laboratory")
    assert lab[3] == 1 and "kind=laboratory" in lab[6]


def test_draft_summary_is_not_public(world, client_for):
    s = services.summary_compile(
        actor=actor_for(world.users["authority"]), region="330000", year=TODAY.year
    )
    assert client_for("public").get(f"/registers/summaries/{s.pk}/").status_code == 404
    assert (
        client_for("other_enterprise").get(f"/registers/summaries/{s.pk}/figures.csv").status_code
        == 404
    )
    assert client_for("authority").get(f"/registers/summaries/{s.pk}/").status_code == 200


def test_plan_negative_target_refused(world):
    with pytest.raises(services.RegisterError) as err:
        services.plan_save(
            actor=actor_for(world.users["authority"]),
            region="330000",
            year=TODAY.year,
            title="计划",
            targets={"enterprises": Decimal("-1")},
        )
    assert err.value.field == "targets"
