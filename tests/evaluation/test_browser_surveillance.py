"""A failed surveillance in a real browser (issue 13): the reviewer records it on the result
page, the certificate is suspended at once and the public verification page says so, with
the grounds and the last surveillance."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import ARTIFACTS
from tests.e2e.conftest import login
from tests.evaluation.conftest import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_failed_surveillance_suspends_the_certificate_on_the_verify_page(page, world, onsite):
    r = publish(world, onsite, upto=3)
    login(page, "rev", "pw-rev")
    page.goto(page.base + f"/evaluation/results/{r.pk}/")
    panel = page.locator("[data-testid=surveillance]")
    assert "有效" in panel.locator("[data-testid=standing]").inner_text()
    panel.locator("summary").first.click()
    form = page.locator("[data-testid=surveillance-form]")
    form.locator("select[name=year]").select_option("1")
    form.locator("input[name=visited_on]").fill(timezone.localdate().isoformat())
    form.locator("select[name=outcome]").select_option("failed")
    form.locator("textarea[name=findings]").fill("内部审核自2026年起未开展")
    form.locator("[data-testid=surveillance-record]").click()
    page.wait_for_selector(".messages")
    assert "已暂停" in page.locator("[data-testid=standing]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "surveillance-result.png"), full_page=True)
    page.context.clear_cookies()
    page.goto(page.base + f"/verify/{r.certificate_code}/")
    state = page.locator("[data-testid=state]").inner_text()
    assert "起暂停：内部审核自2026年起未开展" in state
    assert "监督评价未通过" in page.locator("[data-testid=last-surveillance]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "verify-suspended.png"), full_page=True)
