"""The work summary in a real browser: an officer compiles the summary of Zhejiang from the
report desk, writes the narrative and publishes; the public reads it in Chinese and English and
downloads the figures as XLSX; the laboratory register is searched by standard; an enterprise
searches the typical cases and is suggested one for its industry."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.conftest import login
from tests.factories import make_world
from tests.registers.factories import BATTERY_ITEMS, make_case, make_lab

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("test-artifacts")


def test_compile_publish_and_read_the_work_summary(page, browser, live_server):
    SHOTS.mkdir(exist_ok=True)
    page.set_default_timeout(60000)  # the machine is shared and loaded
    world = make_world()
    make_lab(world, items=BATTERY_ITEMS[:2])
    year = timezone.localdate().year
    login(page, "auth", "pw-auth")
    page.goto(page.base + "/registers/desk/reports/")
    page.fill("[data-testid=compile-form] #id_region", "330000")
    page.fill("[data-testid=compile-form] #id_year", str(year))
    page.click("[data-testid=compile-form] button[type=submit]")
    page.wait_for_selector("[data-testid=summary-status]")
    page.fill("#id_narrative", "全年推进实验室名录建设。")
    page.click("[data-testid=narrative-form] button[type=submit]")
    page.click("[data-testid=summary-publish]")
    page.wait_for_selector("[data-testid=narrative]")
    url = page.url

    public = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    p = public.new_page()
    p.set_default_timeout(60000)
    p.goto(url)
    assert f"{year}年度工作总结" in p.inner_text("[data-testid=summary-title]")
    assert p.inner_text("[data-testid='value-published:laboratory']") == "1"
    p.wait_for_selector("[data-testid=summary-chart] .main-svg")
    p.screenshot(path=str(SHOTS / "registers-summary-zh.png"), full_page=True)
    with p.expect_download() as dl:
        p.click("[data-testid=export-xlsx]")
    assert dl.value.suggested_filename == f"work-summary-330000-{year}.xlsx"
    pdf = p.request.get(url + "summary.pdf?lang=en", timeout=120000)
    assert pdf.ok and pdf.body()[:4] == b"%PDF"
    assert 'filename="work-summary-330000-' in pdf.headers["content-disposition"]
    p.click("[data-testid=lang-switch]")
    p.wait_for_selector("html[lang=en]")
    assert f"Work summary {year}, Zhejiang" in p.inner_text("[data-testid=summary-title]")
    assert "Laboratories in the register" in p.inner_text("[data-testid=figures-published]")
    p.screenshot(path=str(SHOTS / "registers-summary-en.png"), full_page=True)

    p.goto(page.base + "/registers/laboratories/")
    p.fill("[data-testid=lab-q]", "GB 31241")
    p.press("[data-testid=lab-q]", "Enter")
    p.wait_for_url("**q=GB*")
    assert "Zhejiang Battery Quality Testing Centre" in p.inner_text("[data-testid=labs]")
    public.close()


def test_case_search_with_a_suggestion(page, live_server):
    SHOTS.mkdir(exist_ok=True)
    page.set_default_timeout(60000)
    world = make_world()
    make_case(world)  # C384, helps with low capability of a dimension
    make_case(
        world,
        name_zh="品牌培育案例",
        name_en="Brand building case",
        case_type="brand",
        industry="C13",
        topics=("evaluation_gap:brand",),
        methods="品牌培育管理体系",
        problem="以代工为主，缺乏自主品牌。",
        measures="建立品牌战略和服务标准。",
        results="自主品牌销售占比提高。",
        summary_en="An own brand built on a brand-building management system.",
        figures=[{"label_zh": "品牌溢价", "label_en": "Brand premium", "after": "20", "unit": "%"}],
    )
    login(page, "ent", "pw-ent")  # an enterprise of industry C38
    page.click("[data-testid=menu-public]")
    page.click("[data-testid=nav-cases]")
    page.wait_for_selector("[data-testid=case-suggestions]")
    suggestion = page.inner_text("[data-testid=case-suggestions]")
    assert "锂电池极片涂布厚度过程能力提升" in suggestion and "品牌培育案例" not in suggestion
    assert "同一行业（C384" in page.inner_text("[data-testid=suggestion-reason]")
    page.fill("[data-testid=case-q]", "涂布厚度")
    page.press("[data-testid=case-q]", "Enter")
    page.wait_for_url("**q=*")
    cases = page.inner_text("[data-testid=cases]")
    assert "锂电池极片涂布厚度过程能力提升" in cases and "品牌培育案例" not in cases
    page.screenshot(path=str(SHOTS / "registers-cases-zh.png"), full_page=True)
    page.click("[data-testid=lang-switch]")
    page.wait_for_selector("html[lang=en]")
    page.fill("[data-testid=case-q]", "brand")
    page.press("[data-testid=case-q]", "Enter")
    page.wait_for_url("**q=brand*")
    cases = page.inner_text("[data-testid=cases]")
    assert "Brand building case" in cases and "coating" not in cases
    assert "Same industry (C384" in page.inner_text("[data-testid=suggestion-reason]")
    page.click("text=Brand building case")
    page.wait_for_selector("[data-testid=case-figures]")
    assert "Brand premium" in page.inner_text("[data-testid=case-figures]")
    page.screenshot(path=str(SHOTS / "registers-case-en.png"), full_page=True)
