"""Issue 11 item 11 in a real browser: the scoring summary follows each click without a reload,
submitting scores and publishing ask first (a dismissed question submits nothing), and the
level bars of an L1 result colour only L1 as reached."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_summary_updates_and_submission_asks(page, world, onsite):
    from qualitas.evaluation.models import Evaluation, Requirement

    page.set_default_timeout(30000)
    total = Requirement.objects.filter(framework=onsite.campaign.framework).count()
    login(page, "eva", "pw-eva")
    page.goto(page.base + f"/evaluation/assignments/{onsite.assignment.pk}/score/")
    summary = page.locator("[data-testid=score-summary]")
    assert f"已评分 0 / {total} 项要求" in summary.inner_text()
    reqs = page.locator("#dimension .req")
    for i in range(3):
        reqs.nth(i).locator("input[value=full]").check()
        page.wait_for_function(
            "t => document.querySelector('[data-testid=score-summary]').innerText.includes(t)",
            arg=f"已评分 {i + 1} / {total}",
        )
    # submitting asks; dismissing submits nothing
    questions: list[str] = []

    def dismiss(d):
        questions.append(d.message)
        d.dismiss()

    page.once("dialog", dismiss)
    page.click("[data-testid=submit-scores]")
    page.wait_for_timeout(500)
    assert questions and "提交后不能再修改" in questions[0]
    assert page.url.endswith("/score/")
    assert Evaluation.objects.get(assignment=onsite.assignment).status == "draft"


def test_publishing_asks_and_bars_colour_the_level(page, world, onsite):
    from qualitas.evaluation import services
    from qualitas.evaluation.models import Result
    from tests.evaluation.conftest import actor, score_all

    page.set_default_timeout(30000)
    score_all(onsite, upto=1)
    reviewer = actor(world.users["reviewer"])
    (r,) = services.evaluations_consolidate(actor=reviewer, assignments=[onsite.assignment])
    services.result_approve(actor=reviewer, result=r)
    login(page, "rev", "pw-rev")
    page.goto(page.base + f"/evaluation/results/{r.pk}/")
    page.wait_for_selector("[data-figure=fig-levels] .main-svg")
    # the bars: L1 green (reached), nothing above it green
    fills = page.eval_on_selector_all(
        "[data-figure=fig-levels] .point path", "els => els.map(e => e.style.fill)"
    )
    assert fills.count("rgb(5, 96, 58)") == 1, fills
    legend = page.locator("[data-figure=fig-levels] .legend").text_content() or ""
    assert "已达到" in legend
    page.once("dialog", lambda d: d.dismiss())
    page.click("[data-testid=publish]")
    page.wait_for_timeout(500)
    assert Result.objects.get(pk=r.pk).status == "approved"
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=publish]")
    page.wait_for_selector("[data-testid=status]:has-text('已发布')")
    assert Result.objects.get(pk=r.pk).status == "published"
