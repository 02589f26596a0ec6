"""From plan to published list in a real browser: an officer plans a campaign and draws the
enterprises, records the sampling and enters a failing result, submits; a second officer
publishes; the public reads the qualified and unqualified lists in Chinese and English."""

from __future__ import annotations

from datetime import date

import pytest

from qualitas.supervision import services
from qualitas.supervision.models import Campaign
from tests.e2e.conftest import login
from tests.factories import make_world
from tests.supervision.factories import POWER_BANK_PASS, labs, run_sample, second_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "test-artifacts"


def test_plan_draw_sample_publish_and_public_list(page, browser, live_server):
    from pathlib import Path

    Path(SHOTS).mkdir(exist_ok=True)
    page.set_default_timeout(60000)  # the machine is shared and loaded
    world = make_world()
    services.rules_load_defaults()
    lab_a, _ = labs()
    second_officer()
    login(page, "auth", "pw-auth")
    page.goto(page.base + "/supervision/campaigns/new/")
    page.fill("#id_code", "ZJ-E2E-01")
    page.fill("#id_title_zh", "浙江省移动电源监督抽查（测试）")
    page.fill("#id_title_en", "Zhejiang power-bank spot-check (test)")
    page.select_option("#id_level", "provincial")
    page.fill("#id_region", "330000")
    page.fill("#id_year", "2025")
    page.check("input[name=rules][value='power-bank-2022']")
    page.fill("#id_sample_count", "2")
    page.fill("#id_frame_regions", "330100, 330200")
    page.fill("#id_exclude_months", "0")
    page.click("[data-testid=campaign-form] button[type=submit]")
    page.wait_for_selector("[data-testid=draw-form]", timeout=60000)
    page.fill("#id_seed", "20250601")
    page.click("[data-testid=draw-form] button[type=submit]")
    page.wait_for_selector("[data-testid=seed]", timeout=60000)
    assert page.inner_text("[data-testid=seed]") == "20250601"
    rows = page.locator("[data-testid=samples] tbody tr")
    assert rows.count() == 2

    # the first sample through the pages: sampling record, then a failing capacity
    c = Campaign.objects.get(code="ZJ-E2E-01")
    first, second = list(c.samples.order_by("draw_order"))
    page.goto(page.base + f"/supervision/samples/{first.pk}/")
    page.fill("[data-testid=record-form] #id_sampled_on", "2025-06-02")
    page.fill("[data-testid=record-form] #id_place", "成品仓库")
    page.fill("[data-testid=record-form] #id_brand", "恒信")
    page.fill("[data-testid=record-form] #id_model_spec", "PB-10")
    page.fill("[data-testid=record-form] #id_batch", "B20250520")
    page.fill("[data-testid=record-form] #id_quantity", "2")
    page.fill("[data-testid=record-form] #id_backup_quantity", "1")
    page.select_option("[data-testid=record-form] #id_laboratory", str(lab_a.pk))
    page.click("[data-testid=record-form] button[type=submit]")
    page.wait_for_selector("[data-testid=results-form]", timeout=60000)
    page.fill("[data-testid=results-form] #id_tested_on", "2025-06-20")
    for code, value in (POWER_BANK_PASS | {"capacity": "88"}).items():
        page.fill(f"[data-testid=results-form] #id_{code}", value)
    page.click("[data-testid=results-form] button[type=submit]")
    page.wait_for_selector("[data-testid=notify-form]", timeout=60000)
    assert "常温下的有效输出容量" in page.inner_text("[data-testid=results-initial]")
    page.fill("[data-testid=notify-form] #id_on", "2025-07-01")
    page.click("[data-testid=notify-form] button[type=submit]")
    page.wait_for_selector("[data-testid=final-form]", timeout=60000)
    page.fill("[data-testid=final-form] #id_on", "2025-07-20")
    page.click("[data-testid=final-form] button[type=submit]")
    page.wait_for_selector("[data-testid=final-verdict]", timeout=60000)
    # the other sample by the services (the same steps), qualified
    run_sample(world, second, day=date(2025, 6, 3))

    page.goto(page.base + f"/supervision/campaigns/{c.pk}/")
    page.click("[data-testid=submit-form] button[type=submit]")
    page.wait_for_selector("text=另一名人员公布", timeout=60000)

    # a second officer publishes
    other = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    p2 = other.new_page()
    p2.set_default_timeout(60000)
    p2.base = page.base
    login(p2, "auth2", "pw-auth2")
    p2.goto(p2.base + f"/supervision/campaigns/{c.pk}/")
    p2.fill("[data-testid=publish-form] #id_notice_no", "浙市监公告〔2025〕99号")
    p2.click("[data-testid=publish-form] button[type=submit]")
    p2.wait_for_selector("[data-testid=unqualified]", timeout=60000)
    other.close()

    # the public reads the lists
    public = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    pp = public.new_page()
    pp.set_default_timeout(60000)
    pp.goto(page.base + "/spot-checks/")
    pp.click("text=浙江省移动电源监督抽查（测试）")
    pp.wait_for_selector("[data-testid=unqualified]")
    names = {first.enterprise.name_zh: "unqualified", second.enterprise.name_zh: "qualified"}
    for name, table in names.items():
        row = pp.locator(f"[data-testid={table}] tbody tr", has_text=name)
        assert row.count() == 1
    bad = pp.locator("[data-testid=unqualified] tbody tr").first.inner_text()
    assert "常温下的有效输出容量" in bad and "不合格" in bad and "恒信" in bad and "PB-10" in bad
    assert "合格" in pp.locator("[data-testid=qualified] tbody tr").first.inner_text()
    summary = pp.inner_text("[data-testid=summary]")
    assert "50.0 %" in summary
    assert pp.inner_text("[data-testid=seed]") == "20250601"
    pp.screenshot(path=f"{SHOTS}/supervision_result_zh.png", full_page=True)
    pp.goto(page.base + f"/spot-checks/{c.pk}/?lang=en")
    pp.wait_for_selector("[data-testid=unqualified]")
    text = pp.inner_text("main")
    assert (
        "Unqualified products" in text and "effective output capacity at room temperature" in text
    )
    assert "Zhejiang power-bank spot-check (test)" in text
    pp.screenshot(path=f"{SHOTS}/supervision_result_en.png", full_page=True)
    public.close()
