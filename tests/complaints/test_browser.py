"""From complaint to response in a real browser: a consumer files a complaint without an
account and keeps the private link; Zhejiang's officer sees the contact, confirms the
enterprise and sends it; the enterprise's user (contact masked) responds; the consumer reads
the response through the link and confirms it."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualitas.complaints.models import Complaint
from tests.e2e.conftest import login
from tests.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")


def test_complaint_to_enterprise_response_and_confirmation(page, browser, live_server):
    SHOTS.mkdir(exist_ok=True)
    page.set_default_timeout(60000)  # the machine is shared and loaded
    world = make_world()

    # the consumer, no account
    page.goto(page.base + "/")
    page.click("[data-testid=menu-public]")
    page.click("[data-testid=nav-complaints]")
    page.select_option("#id_category", "battery")
    page.select_option("#id_problem", "safety")
    page.select_option("#id_region", "330100")
    page.fill("#id_product", "移动电源")
    page.fill("#id_brand", "恒信 PB-10")
    page.fill("#id_description", "充电宝充电时外壳发烫鼓包冒烟，差点起火")
    page.fill("#id_enterprise", "恒信电池")
    page.fill("#id_credit_code", world.ent_a.credit_code)
    page.fill("#id_name", "张三")
    page.fill("#id_phone", "13812345678")
    page.screenshot(path=str(SHOTS / "complaints-intake.png"), full_page=True)
    page.wait_for_timeout(2100)  # a form sent back at once is a bot's
    page.click("[data-testid=intake-submit]")
    link = page.get_attribute("[data-testid=tracking-link]", "href")
    assert link and link.startswith("/complaints/track/")
    code = page.inner_text("[data-testid=complaint-code]")
    c = Complaint.objects.get(code=code)
    assert "13812345678" not in c.contact_sealed

    # the officer of Zhejiang: the contact in full; confirms the enterprise and sends it
    login(page, "auth", "pw-auth")
    page.click("[data-testid=menu-work]")
    page.click("[data-testid=nav-complaints-desk]")
    page.click(f"text={code}")
    assert "13812345678" in page.inner_text("[data-testid=contact]")
    page.select_option("[data-testid=route-form] #id_enterprise", str(world.ent_a.pk))
    page.click("[data-testid=route-form] button[type=submit]")
    page.wait_for_selector("text=恒信")
    page.screenshot(path=str(SHOTS / "complaints-officer.png"), full_page=True)
    page.context.clear_cookies()

    # the enterprise: contact masked; responds
    login(page, "ent", "pw-ent")
    page.click("[data-testid=menu-work]")
    page.click("[data-testid=nav-my-complaints]")
    page.click(f"text={code}")
    contact = page.inner_text("[data-testid=contact]")
    assert "138****5678" in contact and "13812345678" not in contact and "张三" not in contact
    page.fill("[data-testid=respond-form] #id_response", "已召回该批次移动电源并为用户免费更换新品")
    page.click("[data-testid=respond-form] button[type=submit]")
    page.wait_for_selector("[data-testid=response]")
    page.screenshot(path=str(SHOTS / "complaints-enterprise.png"), full_page=True)
    page.context.clear_cookies()

    # the consumer through the link: reads the response and confirms
    page.goto(page.base + link)
    assert "免费更换新品" in page.inner_text("[data-testid=track-response]")
    page.check("[data-testid=conclude-form] input[value=confirm]")
    page.click("[data-testid=conclude-form] button[type=submit]")
    page.wait_for_selector("[data-testid=track-status]")
    page.screenshot(path=str(SHOTS / "complaints-track.png"), full_page=True)
    c.refresh_from_db()
    assert c.status == "confirmed"
    assert c.enterprise_id == world.ent_a.pk and c.responded_on is not None
