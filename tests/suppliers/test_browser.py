"""From a rejected lot to a closed 8D in a real browser: the customer's engineer receives a lot,
reads the GB/T 2828.1 plan and enters the result (rejected), opens an 8D; the supplier's user
completes D1–D7 on the platform; the customer verifies effectiveness and closes it. Then the
audit report of a completed process audit, in Chinese and English."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qualitas.suppliers import services
from tests.e2e.conftest import login
from tests.factories import make_user, make_world
from tests.suppliers.factories import customer_actor, supplier_with_part

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "test-artifacts"


def test_rejected_lot_to_closed_8d_and_audit_report(page, browser, live_server):
    Path(SHOTS).mkdir(exist_ok=True)
    page.set_default_timeout(60000)  # the machine is shared and loaded
    world = make_world()
    make_user("sup_b", "enterprise", enterprise=world.ent_b)
    part = supplier_with_part(world, aql="1.0")

    # the customer's incoming inspection: plan from the library, result, decision
    login(page, "ent", "pw-ent")
    page.goto(page.base + f"/suppliers/{part.supplier_id}/?lang=en")
    page.select_option("[data-testid=lot-form] #id_part", str(part.pk))
    page.fill("[data-testid=lot-form] #id_lot_number", "B-2026-001")
    page.fill("[data-testid=lot-form] #id_lot_size", "1000")
    page.click("[data-testid=lot-form] button[type=submit]")
    page.wait_for_selector("[data-testid=result-form]")
    assert page.inner_text("[data-testid=plan-letter]") == "J"
    assert page.inner_text("[data-testid=plan-n]") == "80"
    assert page.inner_text("[data-testid=plan-acre]") == "2 / 3"
    page.fill("[data-testid=result-form] #id_nonconforming", "81")
    page.click("[data-testid=result-form] button[type=submit]")
    # the page answers in the browser's language (Chinese here)
    assert "不合格品数 81 超过样本量 80" in page.inner_text("main")
    page.fill("[data-testid=result-form] #id_nonconforming", "5")
    page.click("[data-testid=result-form] button[type=submit]")
    page.wait_for_selector("[data-testid=open-8d-form]")
    page.goto(page.url.split("?")[0] + "?lang=en")
    assert page.inner_text("[data-testid=decision]") == "Rejected"
    assert "Severity for the next lot: Normal inspection" in page.inner_text(
        "[data-testid=next-severity]"
    )
    page.screenshot(path=f"{SHOTS}/suppliers_lot_rejected_en.png", full_page=True)
    page.click("[data-testid=open-8d-form] button[type=submit]")
    page.wait_for_selector("[data-testid=action-status]")
    action_url = page.url.split("?")[0]

    # the supplier works on it: D1–D7
    page.context.clear_cookies()
    login(page, "sup_b", "pw-sup_b")
    for d in range(1, 8):
        page.goto(action_url + "?lang=en")
        page.fill("[data-testid=step-form] #id_owner", "张工")
        page.fill("[data-testid=step-form] #id_text", f"D{d} 记录")
        if d == 4:
            page.fill("[data-testid=step-form] #id_whys", "毛刺\n刀具磨损\n换刀周期过长")
            page.select_option("[data-testid=step-form] #id_cause_category", "machine")
        page.click("[data-testid=step-form] button[type=submit]")
        page.wait_for_selector("[data-testid=disciplines]")
    page.goto(action_url + "?lang=en")
    assert page.inner_text("[data-testid=action-status]") == "Awaiting verification"

    # the customer: closing before verifying is refused; verify, then close
    page.context.clear_cookies()
    login(page, "ent", "pw-ent")
    page.goto(action_url + "?lang=en")
    page.click("[data-testid=close-form] button[type=submit]")
    assert "an 8D is closed only after its effectiveness is verified" in page.inner_text("main")
    page.select_option("[data-testid=verify-form] #id_effective", "yes")
    page.fill("[data-testid=verify-form] #id_note", "后续3批0缺陷")
    page.click("[data-testid=verify-form] button[type=submit]")
    page.wait_for_selector("[data-testid=close-form]")
    page.goto(action_url + "?lang=en")
    page.click("[data-testid=close-form] button[type=submit]")
    page.wait_for_selector("[data-testid=action-status]")
    page.goto(action_url + "?lang=zh-hans")
    assert page.inner_text("[data-testid=action-status]") == "已关闭"
    assert "D4 根本原因" in page.inner_text("[data-testid=disciplines]")
    page.screenshot(path=f"{SHOTS}/suppliers_8d_closed_zh.png", full_page=True)

    # the audit report: a completed audit (every question 10, star 6.2.3 at 4 → B)
    actor = customer_actor(world)
    a = services.audit_plan(
        actor=actor, supplier=part.supplier, planned_on=date(2026, 5, 1), lead_auditor="李审核"
    )
    answers = {n: {"scores": "10"} for n in a.answers.values_list("question__number", flat=True)}
    answers["6.2.3"] = {"scores": "4", "finding": "特殊特性未监控"}
    services.audit_record(actor=actor, audit_obj=a, answers=answers)
    services.audit_complete(actor=actor, audit_obj=a, performed_on=date(2026, 5, 2))
    page.goto(page.base + f"/suppliers/audits/{a.pk}/?lang=zh-hans")
    assert page.inner_text("[data-testid=audit-class]") == "B"
    assert "星号问题 6.2.3 得4分：最高B级" in page.inner_text("[data-testid=downgrades]")
    page.screenshot(path=f"{SHOTS}/suppliers_audit_report_zh.png", full_page=True)
    page.goto(page.base + f"/suppliers/audits/{a.pk}/?lang=en")
    assert page.inner_text("[data-testid=audit-overall]") == "99.0"
    assert "star question 6.2.3 scored 4: at most class B" in page.inner_text(
        "[data-testid=downgrades]"
    )
    page.screenshot(path=f"{SHOTS}/suppliers_audit_report_en.png", full_page=True)


def test_scorecards_with_delivery_apply_classes_and_chain_view(page, live_server):
    """The customer receives a late lot with its promised date, reads on-time delivery on the
    scorecards, applies its class rule (C → blocked), and sees the scorecards in its chain view."""
    Path(SHOTS).mkdir(exist_ok=True)
    page.set_default_timeout(60000)
    world = make_world()
    part = supplier_with_part(world, aql="1.0")
    actor = customer_actor(world)
    for i, (received, due) in enumerate(
        [(date(2026, 3, 8), date(2026, 3, 10)), (date(2026, 3, 15), date(2026, 3, 10))]
    ):
        services.lot_receive(
            actor=actor, part=part, lot_number=f"D{i}", lot_size=100, received_on=received,
            due_on=due,
        )  # fmt: skip
    login(page, "ent", "pw-ent")
    page.goto(page.base + f"/suppliers/{part.supplier_id}/?lang=en")
    page.fill("[data-testid=lot-form] #id_lot_number", "D9")
    page.select_option("[data-testid=lot-form] #id_part", str(part.pk))
    page.fill("[data-testid=lot-form] #id_lot_size", "100")
    page.fill("[data-testid=lot-form] #id_received_on", "2026-03-20")
    page.fill("[data-testid=lot-form] #id_due_on", "2026-03-18")
    page.click("[data-testid=lot-form] button[type=submit]")
    page.wait_for_selector("[data-testid=result-form]")
    page.goto(page.base + f"/suppliers/{part.supplier_id}/?lang=en")
    page.screenshot(path=f"{SHOTS}/suppliers_supplier_delivery_en.png", full_page=True)
    q = (
        "start=2026-03-01&end=2026-03-31&w_ppm=40&w_lots=30&w_delivery=20&w_audit=20&w_actions=10"
        "&grace_days=0&ppm_limit=1000&a=85&b=70&class_b=conditional&class_c=blocked&lang=en"
    )
    page.goto(page.base + f"/suppliers/scorecards/?{q}")
    assert page.inner_text("[data-testid=otd-S-001]").startswith("33 % (1/3)")
    assert page.inner_text("[data-testid=class-S-001]") == "C"
    page.screenshot(path=f"{SHOTS}/suppliers_scorecards_delivery_en.png", full_page=True)
    page.click("[data-testid=apply-classes]")
    page.wait_for_load_state()
    page.goto(page.base + "/suppliers/?lang=en")
    assert "Blocked" in page.inner_text("[data-testid=suppliers]")
    page.goto(page.base + "/evaluation/chain/?lang=en")
    section = page.inner_text("[data-testid='chain-section-suppliers.scorecards']")
    assert "not shared" in section and "Blocked" in section
    page.screenshot(path=f"{SHOTS}/suppliers_chain_scorecards_en.png", full_page=True)
