"""An application from submission to the evaluator's list in a real browser (issue 13): the
enterprise applies, the manager accepts with a quote and a date, the lead evaluator passes the
document review (the scoring form stays shut), sends the on-site plan, the enterprise confirms
it, and the assignment waits on the evaluator's list with its scoring button."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import ARTIFACTS
from tests.e2e.conftest import login
from tests.evaluation.conftest import actor, submitted_assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, f"pw-{username}")


def test_application_to_the_evaluators_list(page, world, fw):
    from qualitas.evaluation import services
    from qualitas.evaluation.models import Application, Qualification

    submitted_assessment(world.users["enterprise"], upto=3)
    Qualification.objects.create(
        user=world.users["evaluator"], title="评价员", valid_from=date(2020, 1, 1)
    )
    # the enterprise applies
    login(page, "ent", "pw-ent")
    page.goto(page.base + "/evaluation/applications/")
    page.click("[data-testid=apply]")
    page.wait_for_selector("[data-testid=attached]")
    page.select_option("#id_institution", str(world.institution.pk))
    page.fill("#id_message", "希望十月评价")
    page.click("[data-testid=submit-application]")
    page.wait_for_url("**/evaluation/applications/")
    app = Application.objects.get()
    row = page.locator(f"[data-testid=application-{app.pk}]")
    assert "待决定" in row.inner_text()
    # the institution's manager accepts it with a quote and a date
    switch(page, "mgr")
    page.goto(page.base + "/evaluation/applications/?status=submitted")
    day = (timezone.localdate() + timedelta(days=21)).isoformat()
    form = page.locator(f"[data-testid=application-{app.pk}] [data-testid=accept-form]")
    form.locator("input[name=quote]").fill("26000")
    form.locator("input[name=planned_on]").fill(day)
    page.screenshot(path=str(ARTIFACTS / "applications-inbox.png"), full_page=True)
    form.locator("[data-testid=accept]").click()
    page.wait_for_selector(".messages")
    app.refresh_from_db()
    assert app.status == "accepted" and str(app.planned_on) == day
    a = app.assignment
    # the manager puts the team on it as for a campaign's assignment
    services.assignment_assign_evaluators(
        actor=actor(world.users["institution_manager"]), assignment=a, lead=world.users["evaluator"]
    )
    # the lead evaluator cannot score yet: the document review comes first; passes it
    switch(page, "eva")
    page.goto(page.base + f"/evaluation/assignments/{a.pk}/")
    panel = page.locator("[data-testid=document-review]")
    assert "待文件评审" in panel.inner_text()
    assert page.locator(f"a[href='/evaluation/assignments/{a.pk}/score/']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "document-review.png"), full_page=True)
    page.click("[data-testid=documents-pass]")
    page.wait_for_selector("[data-testid=plan-form]")
    assert "文件评审通过" in page.locator("[data-testid=review-status]").inner_text()
    # still no scoring: the on-site plan comes next; the scoring address sends back with the reason
    assert page.locator(f"a[href='/evaluation/assignments/{a.pk}/score/']").count() == 0
    page.goto(page.base + f"/evaluation/assignments/{a.pk}/score/")
    page.wait_for_selector(".messages")
    assert "企业确认现场评价计划后才能开始现场评分" in page.locator(".messages").inner_text()
    # the lead evaluator sends the plan: dates, agenda (the team is the assignment's)
    start = timezone.localdate() + timedelta(days=21)
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", (start + timedelta(days=1)).isoformat())
    page.fill("#id_agenda", "第一天：首次会议，体系与过程评价\n第二天：现场查看，末次会议")
    page.screenshot(path=str(ARTIFACTS / "onsite-plan-form.png"), full_page=True)
    page.click("[data-testid=plan-send]")
    page.wait_for_selector("[data-testid=plan-status]")
    assert "计划待企业确认" in page.locator("[data-testid=plan-status]").inner_text()
    # the enterprise reads it on its applications page and confirms
    switch(page, "ent")
    page.goto(page.base + "/evaluation/applications/")
    plan = page.locator(f"[data-testid=application-{app.pk}] [data-testid=onsite-plan]")
    assert "第二天：现场查看，末次会议" in plan.inner_text() and "eva" in plan.inner_text()
    page.screenshot(path=str(ARTIFACTS / "onsite-plan-enterprise.png"), full_page=True)
    plan.locator("[data-testid=plan-confirm]").click()
    page.wait_for_selector(".messages")
    assert "现场评价计划已确认。" in page.locator(".messages").inner_text()
    # the lead evaluator may now open the scoring form
    switch(page, "eva")
    page.goto(page.base + f"/evaluation/assignments/{a.pk}/")
    page.wait_for_selector(f"a[href='/evaluation/assignments/{a.pk}/score/']")
    assert "企业已确认计划" in page.locator("[data-testid=plan-status]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "onsite-plan-confirmed.png"), full_page=True)
    # and the assignment is on the evaluator's list, ready to score
    page.goto(page.base + "/evaluation/assignments/")
    rows = page.locator("[data-testid=assignments] tbody tr")
    text = rows.first.inner_text()
    assert world.ent_a.name_zh in text and "企业申请" in text
    assert rows.first.locator(f"a[href='/evaluation/assignments/{a.pk}/score/']").count() == 1
