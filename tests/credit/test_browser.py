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


def test_appeal_and_a_new_methodology_version(page, browser):
    from qualitas.credit import rating

    Path(SHOTS).mkdir(exist_ok=True)
    page.set_default_timeout(60000)
    world = make_world()
    second_officer(world)
    rating.rate_enterprise(world.ent_a.pk, reason="batch")
    # the enterprise appeals its rating with grounds
    login(page, "ent", "pw-ent")
    page.goto(page.base + f"/credit/ratings/{world.ent_a.pk}/")
    page.fill("[data-testid=appeal-form] #id_grounds", "抽查不合格批次已复检合格，请重新评定。")
    page.click("[data-testid=appeal]")
    page.wait_for_selector("[data-testid=appeal-status]")
    due = (timezone.localdate() + timedelta(days=15)).isoformat()
    assert page.inner_text("[data-testid=due]") == due
    appeal_url = page.url
    # the officer of its region recomputes it; the history says why, in the reader's language
    page.context.clear_cookies()
    login(page, "auth", "pw-auth")
    page.goto(appeal_url)
    page.select_option("[data-testid=decision-form] #id_revise", "1")
    page.fill("[data-testid=decision-form] #id_note", "已核实复检报告，重新计算。")
    page.click("[data-testid=decide]")
    page.wait_for_selector("[data-testid=appeal-status]:has-text('已重新计算评级')")
    page.screenshot(path=f"{SHOTS}/credit_appeal_zh.png", full_page=True)
    page.goto(page.base + f"/credit/ratings/{world.ent_a.pk}/?lang=en")
    assert "Recomputed on appeal" in page.locator("[data-testid=history]").inner_text()
    page.screenshot(path=f"{SHOTS}/credit_rating_history_en.png", full_page=True)

    # the officer drafts a new methodology version; a wrong sum is refused on the weight row
    page.goto(page.base + "/credit/methodology/")
    page.click("[data-testid=new-version]")
    page.fill("#id_code", "2027.1")
    page.fill("#id_w_capability_level", "0.20")
    page.click("[data-testid=save]")
    assert "应等于 1" in page.inner_text("[data-testid=form-errors]")  # the sum, named
    page.fill("#id_w_capability_level", "0.25")
    page.fill("#id_half_life_days", "730")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=version]:has-text('2027.1')")
    page.screenshot(path=f"{SHOTS}/credit_methodology_edit_zh.png", full_page=True)
    # a second officer publishes it; it is then shown as the version in force
    page.context.clear_cookies()
    login(page, "auth2", "pw-auth2")
    page.goto(page.base + "/credit/methodology/2027.1/edit/")
    page.click("[data-testid=publish]")
    page.wait_for_selector("[data-testid=version-status]:has-text('有效')")
    assert page.inner_text("[data-testid=version]") == "2027.1"
    page.screenshot(path=f"{SHOTS}/credit_methodology_zh.png", full_page=True)
