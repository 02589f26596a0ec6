"""No certificate without a level, in the browser (issue 11, item 3): the reviewer publishes a
level-0 result from its page and is offered no certificate; a visitor who types a code that was
issued to a level-0 result is told in Chinese that it is not a valid certificate and why."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_level_0_published_in_the_browser_and_verified(page, world, onsite):
    from qualitas.evaluation import services
    from qualitas.evaluation.models import Result
    from tests.evaluation.conftest import actor, score_all

    score_all(onsite, upto=0)
    reviewer = actor(world.users["reviewer"])
    (r,) = services.evaluations_consolidate(actor=reviewer, assignments=[onsite.assignment])
    services.result_approve(actor=reviewer, result=r)

    login(page, "rev", "pw-rev")
    page.goto(f"{page.base}/evaluation/results/{r.pk}/")
    assert "该结果未达到任何等级：发布时不颁发证书。" in page.inner_text("main")
    # publishing asks first (issue 11 item 11) and says no certificate will be issued
    messages: list[str] = []
    page.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    page.click("[data-testid=publish]")
    page.wait_for_selector("[data-testid=no-certificate]")
    assert len(messages) == 1 and "不颁发证书" in messages[0]
    assert page.inner_text("[data-testid=no-certificate]") == (
        "无证书：该结果未达到任何等级（未定级），证书只为达到的等级颁发。"
    )
    assert page.locator("a[href*='/certificate/']").count() == 0
    assert Result.objects.get(pk=r.pk).certificate_code is None

    # a code issued to such a result before the rule: a visitor types it into the verify form
    Result.objects.filter(pk=r.pk).update(certificate_code="QM-0000-0000-0001")
    page.context.clear_cookies()
    page.goto(f"{page.base}/verify/")
    page.fill("#code", "QM-0000-0000-0001")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("[data-testid=state]")
    state = page.inner_text("[data-testid=state]")
    assert "不是有效证书：该结果未达到任何等级（未定级），证书只为达到的等级颁发。" in state
    assert "真实" not in state
    assert page.locator("[data-testid=state]").get_attribute("class") == "state-unrated"
