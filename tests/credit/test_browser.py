"""In a real browser: an officer enters a penalty, a second officer approves and publishes it,
the public reads the notice in Chinese and English; an enterprise applies for credit repair, the
officer grants it, and the bank reads the rating's explanation by consent in both languages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.core.services import consent_grant
from tests.credit.factories import published_record, second_officer
from tests.e2e.conftest import login
from tests.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "test-artifacts"


def test_penalty_publication_and_public_notice(page, browser):
    Path(SHOTS).mkdir(exist_ok=True)
    page.set_default_timeout(60000)  # the machine is shared and loaded
    world = make_world()
    second_officer(world)
    login(page, "auth", "pw-auth")
    page.goto(page.base + "/credit/desk/records/new/")
    page.fill("#id_credit_code", world.ent_a.credit_code)
    page.fill("#id_decision_no", "杭市监处罚〔2026〕88号")
    page.fill("#id_region", "330100")
    page.fill("#id_authority_zh", "杭州市市场监督管理局")
    page.fill("#id_authority_en", "Hangzhou Administration for Market Regulation")
    page.fill("#id_legal_basis", "《中华人民共和国产品质量法》第四十九条")
    page.fill("#id_facts", "生产不符合国家标准的移动电源。")
    page.select_option("#id_penalty_type", "fine")
    page.fill("#id_amount", "60000")
    page.fill("#id_decided_on", (timezone.localdate() - timedelta(days=3)).isoformat())
    page.click("[data-testid=record-form] button[type=submit]")
    page.wait_for_selector("[data-testid=status]")
    assert page.locator("[data-testid=approve]").count() == 0  # the one who entered it may not
    page.context.clear_cookies()
    login(page, "auth2", "pw-auth2")
    page.goto(page.base + "/credit/desk/")
    page.click("text=杭市监处罚〔2026〕88号")
    page.click("[data-testid=approve]")
    page.click("[data-testid=publish]")
    page.click("[data-testid=public-notice]")
    page.context.clear_cookies()
    page.reload()
    assert page.inner_text("[data-testid=decision-no]").startswith("杭市监处罚〔2026〕88号")
    assert page.inner_text("[data-testid=amount]") == "60000.00"
    assert "罚款" in page.inner_text("[data-testid=penalty-type]")
    page.screenshot(path=f"{SHOTS}/credit_notice_zh.png", full_page=True)
    page.goto(page.url.split("?")[0] + "?lang=en")
    assert "Fine" in page.inner_text("[data-testid=penalty-type]")
    page.screenshot(path=f"{SHOTS}/credit_notice_en.png", full_page=True)


def test_repair_and_the_banks_explanation(page, browser):
    Path(SHOTS).mkdir(exist_ok=True)
    page.set_default_timeout(60000)
    world = make_world()
    second_officer(world)
    rec = published_record(world, decided_on=timezone.localdate() - timedelta(days=200))
    login(page, "ent", "pw-ent")
    page.goto(page.base + f"/credit/desk/records/{rec.pk}/")
    page.fill("[data-testid=repair-form] #id_evidence", "已更换短路保护元件，复检合格。")
    page.check("[data-testid=repair-form] #id_commitment")
    page.click("[data-testid=apply-repair]")
    page.wait_for_selector("[data-testid=repair-status]")
    due = (timezone.localdate() + timedelta(days=15)).isoformat()
    assert page.inner_text("[data-testid=due]") == due
    repair_url = page.url
    page.context.clear_cookies()
    login(page, "auth2", "pw-auth2")
    page.goto(repair_url)
    page.select_option("[data-testid=decision-form] #id_grant", "1")
    page.fill("[data-testid=decision-form] #id_note", "整改到位，准予修复。")
    page.click("[data-testid=decide]")
    page.wait_for_selector("[data-testid=repair-status]:has-text('已准予')")
    assert page.goto(page.base + f"/credit/penalties/{rec.pk}/").status == 404

    consent_grant(
        actor=actor_for(world.users["enterprise"]),
        enterprise_id=world.ent_a.pk,
        scope="credit_report",
        grantee_user=world.users["partner"],
    )
    page.context.clear_cookies()
    login(page, "bank", "pw-bank")
    page.goto(page.base + f"/credit/ratings/{world.ent_a.pk}/")
    assert (
        page.inner_text("[data-testid=score]") == "53.00"
    )  # the repaired penalty no longer counts
    row = page.locator("[data-testid=factor-penalties_lists]")
    assert "30.0 / 30.0" in row.inner_text()
    page.screenshot(path=f"{SHOTS}/credit_rating_bank_zh.png", full_page=True)
    page.goto(page.base + f"/credit/ratings/{world.ent_a.pk}/?lang=en")
    assert (
        "Penalties and lists" in page.locator("[data-testid=factor-penalties_lists]").inner_text()
    )
    page.screenshot(path=f"{SHOTS}/credit_rating_bank_en.png", full_page=True)
