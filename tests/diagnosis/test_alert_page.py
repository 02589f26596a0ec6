"""The alert page (issue 11 items 7 and 14): titled by the rule's name with what it tests in the
reader's language, a chart of the data around the alert, every kept point listed with its time in
Asia/Shanghai in the locale's format, and no cause or action chosen for the engineer."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from tests.diagnosis.helpers import T0, actor, batch, make_diagnosis

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _visible(html: str) -> str:
    """The page without tags, attributes and the JSON of figures."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _figure(html: str, fid: str) -> dict:
    m = re.search(rf'<script id="{fid}" type="application/json">(.*?)</script>', html, re.S)
    assert m, f"no figure {fid}"
    return json.loads(m.group(1))


def test_alert_page_names_the_rule_and_shows_local_times(world, client_for):
    d = make_diagnosis(world)
    a = d["char"].alerts.get(rule="nelson-1")
    c = client_for("enterprise")
    zh = c.get(f"/diagnosis/alerts/{a.pk}/", **ZH).content.decode()
    assert '<h1 data-testid="alert-title">报警：Nelson 准则 1</h1>' in zh
    assert "1 个点落在控制限之外" in zh
    assert "nelson-1" not in _visible(zh)
    # the point at 08:02 UTC is 16:02 in Shanghai, written as the locale writes times
    assert "2025-03-02 16:02" in zh and "T08:02" not in zh and "UTC" not in _visible(zh)
    en = c.get(f"/diagnosis/alerts/{a.pk}/", **EN).content.decode()
    assert '<h1 data-testid="alert-title">Alert: Nelson rule 1</h1>' in en
    assert "1 point beyond the control limits" in en and "2 Mar 2025 16:02" in en
    assert "nelson-1" not in _visible(en)


def test_alert_chart_shows_the_data_around_the_alert(world, client_for):
    d = make_diagnosis(world)
    a = d["char"].alerts.get(rule="nelson-1")
    html = client_for("enterprise").get(f"/diagnosis/alerts/{a.pk}/", **ZH).content.decode()
    fig = _figure(html, "fig-alert")
    mine = [t for t in fig["data"] if t["name"] == "points of this alert"]
    assert mine and mine[0]["x"] == ["2025-03-02 16:02:00"] and mine[0]["y"] == [12.0]
    main = fig["data"][0]
    assert len(main["x"]) == 30 + 1  # 30 points before the alert's point, nothing after
    assert fig["layout"]["title"]["text"].endswith("— Nelson 准则 1")


def test_every_flagged_point_is_listed(world, client_for):
    from qualitas.diagnosis.ingest import batch_parse, measurements_ingest

    d = make_diagnosis(world)
    ch = d["char"]
    measurements_ingest(
        characteristic=ch,
        batch=batch_parse(batch([13.0] * 125, start=T0 + timedelta(days=3), batch_id="many")),
    )
    a = ch.alerts.get(rule="nelson-1")
    assert a.occurrences == 126
    html = client_for("enterprise").get(f"/diagnosis/alerts/{a.pk}/", **ZH).content.decode()
    rows = html[html.index('data-testid="alert-points"') :].split("</table>")[0]
    assert rows.count("<tr><td") == 126
    assert '<dd data-testid="occurrences">126</dd>' in html


def test_cause_and_action_are_not_preselected(world, client_for):
    d = make_diagnosis(world)
    a = d["char"].alerts.get(rule="nelson-1")
    c = client_for("enterprise")
    html = c.get(f"/diagnosis/alerts/{a.pk}/", **ZH).content.decode()
    for name in ("cause", "action"):
        select = html[html.index(f'name="{name}"') :].split("</select>")[0]
        assert '<option value="" selected>— 请选择 —</option>' in select
        assert select.count("selected") == 1
    # submitting without choosing is refused; the alert stays open
    r = c.post(f"/diagnosis/alerts/{a.pk}/", {"note": "x"}, **ZH)
    assert r.status_code == 200 and "这个字段是必填项" in r.content.decode()
    a.refresh_from_db()
    assert a.status == "open" and a.cause_id is None


def test_rule_names_on_the_characteristic_page_dashboard_and_chart(world, client_for):
    d = make_diagnosis(world)
    ch = d["char"]
    a = ch.alerts.get(rule="nelson-1")
    from qualitas.diagnosis.models import AssignableCause, CorrectiveAction
    from qualitas.diagnosis.services import alert_acknowledge

    alert_acknowledge(
        actor=actor(world.users["enterprise"]),
        alert=a,
        cause_id=AssignableCause.objects.first().pk,
        action_id=CorrectiveAction.objects.first().pk,
    )
    c = client_for("enterprise")
    for lang, name, what, colon, cause in (
        (ZH, "Nelson 准则 1", "1 个点落在控制限之外", "：", "异常原因："),
        (EN, "Nelson rule 1", "1 point beyond the control limits", ": ", "Assignable cause: "),
    ):
        page = c.get(f"/diagnosis/characteristics/{ch.pk}/", **lang).content.decode()
        assert name in page and what in page and "nelson-1" not in _visible(page)
        notes = _figure(page, "fig-char")["layout"]["annotations"]
        # on the chart a short number; the rule, cause and action in its hover text
        assert [n["text"] for n in notes] == ["<b>1</b>"]
        assert notes[0]["hovertext"].startswith(f"1. {name}{colon}")
        listed = page[page.index('data-testid="chart-notes"') :].split("</ol>")[0]
        assert name in listed and cause + AssignableCause.objects.first().name in listed
        assert CorrectiveAction.objects.first().name in listed
        dash = c.get("/diagnosis/", **lang).content.decode()
        assert not re.search(r"\b(nelson|we)-\d", _visible(dash))


def test_alert_mail_names_the_rule_in_each_language_with_local_time(world):
    from qualitas.diagnosis.monitoring import _alert_mail

    d = make_diagnosis(world)
    a = d["char"].alerts.get(rule="nelson-1")
    _subject, zh = _alert_mail([(d["char"], a)], "zh-hans")
    assert "Nelson 准则 1 — 1 个点落在控制限之外" in zh and "UTC" not in zh
    _subject, en = _alert_mail([(d["char"], a)], "en")
    assert "Nelson rule 1 — 1 point beyond the control limits" in en


def test_api_names_the_rule_in_the_answers_language(world, client_for):
    d = make_diagnosis(world)
    c = client_for("enterprise")
    zh = c.get("/api/diagnosis/alerts?lang=zh-hans").json()
    mine = [a for a in zh if a["rule"] == "nelson-1"]
    assert mine and mine[0]["rule_name"] == "Nelson 准则 1"
    assert mine[0]["rule_description"] == "1 个点落在控制限之外"
    one = c.get(f"/api/diagnosis/alerts/{d['alert'].pk}?lang=en").json()
    assert one["rule_name"] == "Nelson rule 1"
    assert one["rule_description"] == "1 point beyond the control limits"


def test_chart_notes_stay_inside_the_chart_and_apart():
    """Issue 11 item 13: a note near the right edge ends at its point (xanchor right), one near
    the left edge starts there, others are centred; neighbours stand at staggered heights."""
    from qualitas.diagnosis.charts import _note_position

    times = [f"2025-03-01 08:{m:02d}:00" for m in range(60)]
    first = _note_position(times[0], times, 0)
    middle = _note_position(times[30], times, 1)
    last = _note_position(times[-1], times, 2)
    assert (first["xanchor"], middle["xanchor"], last["xanchor"]) == ("left", "center", "right")
    assert [first["ay"], middle["ay"], last["ay"]] == [-28, -50, -72]
    assert _note_position(times[-1], times, 3)["ay"] == -28
    assert {first["ax"], middle["ax"], last["ax"]} == {0}
    # by time on the date axis, not by point count: a point late in a gappy series is near the right
    gappy = ["2025-03-01 08:00:00", "2025-03-01 08:01:00", "2025-03-02 08:00:00"]
    assert _note_position("2025-03-01 08:01:00", gappy, 0)["xanchor"] == "left"
