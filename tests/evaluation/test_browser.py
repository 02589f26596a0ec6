"""A self-assessment from start to report in a real browser (Chromium through Playwright)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_self_assessment_start_to_report(page, world, fw):
    from qualitas.evaluation.models import AnswerRow

    login(page, "ent", "pw-ent")
    page.click("[data-testid=menu-work]")  # the header's menus open on a click
    page.click("nav >> a[href='/evaluation/']")
    page.wait_for_selector("[data-testid=start]")
    page.click("[data-testid=start]")
    page.wait_for_selector("[data-testid=tab-D1]")
    # answer every L1 and L2 requirement of D1 "fully met": each click autosaves through htmx
    reqs = page.locator("#dimension .req")
    clicked = 0
    for i in range(reqs.count()):
        req = reqs.nth(i)
        if req.locator(".tag").inner_text() in ("L1", "L2"):
            req.locator("input[value=full]").check()
            clicked += 1
            req.locator(".saved").wait_for()
    assert clicked >= 10
    page.wait_for_function(
        f"document.querySelector('[data-testid=progress]').innerText.includes('{clicked}')"
    )
    assert AnswerRow.objects.filter(value="full").count() == clicked
    # a note autosaves with its answer
    first = reqs.nth(0)
    code = first.get_attribute("data-testid").removeprefix("req-")
    first.locator("summary").first.click()
    first.locator("textarea").first.fill("质量负责人任命文件（2024）")
    with page.expect_response("**/answer/**"):
        first.locator("textarea").first.dispatch_event("change")
    # another dimension through the tabs (htmx swap, URL pushed)
    page.click("[data-testid=tab-D4]")
    page.wait_for_url("**dim=D4")
    page.locator("[data-testid='req-D4.06.L1'] input[value=mostly]").check()
    page.locator("[data-testid='req-D4.06.L1'] .saved").wait_for()
    # submit: the browser asks to confirm because requirements are unanswered
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=submit]")
    page.wait_for_url("**/report/")
    assert page.locator("[data-testid=level]").inner_text().strip() != ""
    page.wait_for_selector("[data-figure=fig-radar] .main-svg")  # Plotly drew the radar
    assert page.locator("[data-testid=gaps] tbody tr").count() > 0
    assert AnswerRow.objects.get(requirement__code=code).note == "质量负责人任命文件（2024）"
