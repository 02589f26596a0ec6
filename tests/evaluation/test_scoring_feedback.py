"""Issue 11 item 11: the scoring summary follows every autosave, submitting scores and publishing
ask first, and the level bars colour what the result achieved (an L5 bar over the threshold is
not green when the result is L1)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from qualitas.evaluation.charts import BELOW, BLOCKED, REACHED, level_scores_bar
from qualitas.evaluation.models import Requirement
from tests.evaluation.conftest import publish

pytestmark = pytest.mark.django_db

SUMMARY = {"en": "{n} of {total} requirements scored.", "zh-hans": "已评分 {n} / {total} 项要求。"}


def _summary(body: str) -> str:
    m = re.search(r'<div class="panel" id="score-summary"[^>]*>(.*?)</div>', body, re.S)
    assert m, body[:2000]
    return m.group(1)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_autosave_updates_the_summary_out_of_band(world, onsite, client_for, lang):
    c = client_for("evaluator")
    url = f"/evaluation/assignments/{onsite.assignment.pk}/score/"
    total = Requirement.objects.filter(framework=onsite.campaign.framework).count()
    with translation.override(lang):
        page = c.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert SUMMARY[lang].format(n=0, total=total) in _summary(page)
        reqs = list(Requirement.objects.filter(framework=onsite.campaign.framework)[:2])
        for n, r in enumerate(reqs, start=1):
            resp = c.post(
                f"{url}{r.pk}/",
                {f"v{r.pk}": "full"},
                HTTP_HX_REQUEST="true",
                HTTP_ACCEPT_LANGUAGE=lang,
            )
            assert resp.status_code == 200
            body = resp.content.decode()
            assert f'id="m{r.pk}"' in body  # the row's mark, swapped in place
            assert 'hx-swap-oob="true"' in body  # and the summary, out of band
            assert SUMMARY[lang].format(n=n, total=total) in _summary(body)
        # the page agrees after a reload
        assert SUMMARY[lang].format(n=2, total=total) in _summary(
            c.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        )


def test_a_refused_score_still_answers_with_the_summary(world, onsite, client_for):
    c = client_for("evaluator")
    r = Requirement.objects.filter(framework=onsite.campaign.framework).first()
    resp = c.post(
        f"/evaluation/assignments/{onsite.assignment.pk}/score/{r.pk}/",
        {f"v{r.pk}": "bogus"},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert resp.status_code == 422
    assert "0 of" in _summary(resp.content.decode())


def test_submitting_scores_and_publishing_ask_first(world, onsite, client_for):
    from tests.evaluation.conftest import score_all

    page = client_for("evaluator").get(
        f"/evaluation/assignments/{onsite.assignment.pk}/score/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert re.search(
        r'data-testid="submit-scores" data-confirm="Submit the scores\? Once submitted',
        page.content.decode(),
    )
    score_all(onsite, upto=2)
    from qualitas.evaluation import services
    from tests.evaluation.conftest import actor

    reviewer = client_for("reviewer")
    (r,) = services.evaluations_consolidate(
        actor=actor(world.users["reviewer"]), assignments=[onsite.assignment]
    )
    services.result_approve(actor=actor(world.users["reviewer"]), result=r)
    for lang, text in (
        ("en", "Publish this result? L2"),
        ("zh-hans", "发布此结果？L2"),
    ):
        with translation.override(lang):
            body = reviewer.get(f"/evaluation/results/{r.pk}/?lang={lang}").content.decode()
        assert re.search(r'data-testid="publish" data-confirm="' + re.escape(text), body), lang
    body = reviewer.get("/evaluation/results/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(
        r'data-testid="bulk-publish" data-confirm="Publish the selected results\?', body
    )


def _colours(fig: dict) -> dict[str, str]:
    return {x: t["marker"]["color"] for t in fig["data"] for x in t["x"]}


def test_level_bars_colour_the_achieved_level():
    # L1 reached; L2 below the threshold, so L3–L5 are not reached even where they clear it
    fig = level_scores_bar(
        level_scores={"1": 0.9, "2": 0.5, "3": 0.85, "4": 0.8, "5": 0.95}, threshold=0.8, level=1
    )
    assert _colours(fig) == {
        "L1": REACHED,
        "L2": BELOW,
        "L3": BLOCKED,
        "L4": BLOCKED,
        "L5": BLOCKED,
    }
    assert fig["layout"]["xaxis"]["categoryarray"] == ["L1", "L2", "L3", "L4", "L5"]
    assert fig["layout"]["showlegend"]
    # capped by a gate at L2 although L3 clears the threshold
    fig = level_scores_bar(
        level_scores={"1": 1, "2": 1, "3": 0.9, "4": 0.2, "5": None}, threshold=0.8, level=2
    )
    assert _colours(fig) == {"L1": REACHED, "L2": REACHED, "L3": BLOCKED, "L4": BELOW, "L5": BELOW}
    # level 0: nothing green
    fig = level_scores_bar(level_scores={"1": 0.3}, threshold=0.8, level=0)
    assert REACHED not in _colours(fig).values()


def test_result_page_draws_the_bars_of_its_level(world, onsite, client_for):
    import json

    r = publish(world, onsite, upto=1)
    assert r.level == 1
    body = client_for("reviewer").get(f"/evaluation/results/{r.pk}/").content.decode()
    fig = json.loads(re.search(r'id="fig-levels"[^>]*>(.*?)</script>', body, re.S).group(1))
    colours = _colours(fig)
    assert colours["L1"] == REACHED and all(colours[f"L{i}"] != REACHED for i in range(2, 6))
