"""The journey of a quality engineer in a real browser: upload a CSV, map its columns, import,
run a capability study, see the rule-violation markers on the chart, download the PDF."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_map_capability_pdf(page, world, tmp_path):  # noqa: F811
    from tests.diagnosis.helpers import make_characteristic

    ch = make_characteristic(world, n=0, name="轴径 / Shaft diameter")
    rows = ["时间,测量值,批号"]
    for i in range(80):
        value = 10.0 + 0.02 * ((i * 7) % 11 - 5) / 5 + (0.4 if i == 60 else 0.0)  # one wild point
        rows.append(f"2025-03-01 {8 + i // 60:02d}:{i % 60:02d}:00,{value:.4f},{i // 5}")
    csv = tmp_path / "shaft.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")

    page.set_default_timeout(
        60000
    )  # the PDF is printed while the click waits; the machine is shared
    login(page, "ent", "pw-ent")
    page.goto(page.base + "/diagnosis/datasets/new/")
    page.set_input_files("#id_file", str(csv))
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_selector("[data-testid=preview]")
    assert "测量值" in page.inner_text("[data-testid=preview]")
    page.select_option("#id_time", "时间")
    page.select_option("#id_value", "测量值")
    page.select_option("#id_characteristic", str(ch.pk))
    page.click("text=导入 >> nth=-1")
    page.wait_for_selector("[data-testid=job][data-status=succeeded]", timeout=30000)
    page.click("[data-testid=capability-link]")
    page.click("[data-testid=run]")
    page.wait_for_selector("[data-testid=cpk]")
    # every figure drawn; the stability chart carries the violation markers with their rule
    page.wait_for_function("document.querySelectorAll('[data-figure][data-drawn]').length >= 2")
    marker_rules = page.evaluate(
        "Array.from(document.querySelectorAll('[data-figure]')).flatMap(el => (el.data || [])"
        ".filter(t => ['rule violations', '判异点'].includes(t.name)).flatMap(t => t.text))"
    )
    # the rule by its name in the page's language, never the bare code (issue 11 item 14)
    assert marker_rules and any("Nelson 准则 1: 1 个点落在控制限之外" in t for t in marker_rules)
    assert not any("nelson-" in t for t in marker_rules)
    assert page.locator("[data-testid=violations]").count() == 1
    with page.expect_download(timeout=60000) as info:
        page.click("[data-testid=pdf-en]")
    pdf = info.value.path()
    with open(pdf, "rb") as f:
        assert f.read(5) == b"%PDF-"
