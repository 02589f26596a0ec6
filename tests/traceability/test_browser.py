"""In a real browser: from captured events to the trace picture to the public recall notice."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS
from tests.e2e.conftest import login
from tests.traceability.helpers import CELLS, capture_chain
from tests.traceability.recall_helpers import PLAN, published_recall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_capture_trace_picture_and_recall_notice(page, world, client_for):
    capture_chain(world, client_for)  # through POST /epcis/capture
    recall = published_recall(world)
    page.set_default_timeout(30000)
    ARTIFACTS.mkdir(exist_ok=True)

    # the producer traces its cells forward and sees the flow drawn
    login(page, "ent", "pw-ent")
    page.goto(page.base + "/trace/")
    page.fill("[data-testid=trace-id]", CELLS)
    page.click("[data-testid=trace-run]")
    page.wait_for_selector("[data-testid=trace-chart] .sankey", state="attached")
    table = page.inner_text("[data-testid=trace-table]")
    assert "PACK-2026-01" in table and "宁波华达机械股份有限公司" in table
    page.screenshot(path=str(ARTIFACTS / "traceability-trace-zh.png"), full_page=True)

    # from the recall desk to the public notice
    page.goto(page.base + "/recalls/desk/")
    page.click(f"text={PLAN['product_name']}")
    page.click("[data-testid=public-notice]")
    page.wait_for_url(f"**/recalls/{recall.pk}/")
    assert "40 %" in page.inner_text("[data-testid=effectiveness]")
    assert PLAN["product_name"] in page.inner_text("[data-testid=notice-title]")
    page.screenshot(path=str(ARTIFACTS / "traceability-notice-zh.png"), full_page=True)

    # the public list, in English too
    page.goto(page.base + "/recalls/")
    page.wait_for_selector("[data-figure=fig-effectiveness] .main-svg", state="attached")
    assert PLAN["product_name"] in page.inner_text("[data-testid=recalls]")
    page.screenshot(path=str(ARTIFACTS / "traceability-recalls-zh.png"), full_page=True)
    page.click("[data-testid=lang-switch]")
    page.wait_for_selector("text=Product recall notices")
    page.goto(page.base + f"/recalls/{recall.pk}/")
    assert "Effectiveness" in page.inner_text("[data-testid=notice]")
    page.screenshot(path=str(ARTIFACTS / "traceability-notice-en.png"), full_page=True)
    page.goto(page.base + "/trace/?direction=forward&id=" + CELLS)
    page.wait_for_selector("[data-testid=trace-chart] .sankey", state="attached")
    page.screenshot(path=str(ARTIFACTS / "traceability-trace-en.png"), full_page=True)
