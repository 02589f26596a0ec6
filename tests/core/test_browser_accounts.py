"""In a real browser, in Chinese and English: the bell counts unread notifications, the list opens
one (marked read, the count falls), the password change and reset pages are styled forms; no
Content-Security-Policy violation. Screenshots go to test-artifacts/ (issue 11 item 18)."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_noop

from tests.conftest import ARTIFACTS
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_bell_notifications_and_password_pages(page, world, lang):
    from qualitas.core.notifications import notify

    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.set_default_timeout(30000)
    eva = world.users["evaluator"]
    for i, (kind, message, params) in enumerate(
        [
            (
                "assignment",
                gettext_noop(
                    "You are on the team evaluating %(enterprise)s on site (deadline %(day)s)."
                ),
                {
                    "enterprise": {"zh": "杭州精工机械", "en": "Hangzhou Precision"},
                    "day": "2026-12-20",
                },
            ),
            (
                "deadline",
                gettext_noop("The on-site evaluation of %(enterprise)s is due on %(day)s."),
                {"enterprise": {"zh": "宁波海通", "en": "Ningbo Haitong"}, "day": "2026-12-08"},
            ),
            (
                "alert",
                gettext_noop(
                    "An out-of-control alert was opened on %(characteristic)s: %(count)d point(s)."
                ),
                {"characteristic": "轴径 Ø12", "count": 3},
            ),
        ]
    ):
        notify(
            users=[eva],
            kind=kind,
            message=message,
            params=params,
            url="/evaluation/assignments/",
            key=f"b{i}",
            email=False,
        )
    page.goto(page.base + "/")
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    login(page, "eva", "pw-eva")
    assert page.inner_text("[data-testid=bell-count]").strip() == "3"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / f"accounts-header-{lang}.png"),
        clip={"x": 0, "y": 0, "width": 1280, "height": 120},
    )
    page.click("[data-testid=bell]")
    page.wait_for_url(page.base + "/account/notifications/")
    items = page.locator("[data-testid=notification]")
    assert items.count() == 3
    text = page.inner_text("[data-testid=notifications]")
    assert ("宁波海通的现场评价将于" in text) if lang == "zh-hans" else ("Ningbo Haitong" in text)
    page.screenshot(path=str(ARTIFACTS / f"accounts-notifications-{lang}.png"), full_page=True)
    items.first.locator("a").click()
    page.wait_for_url(page.base + "/evaluation/assignments/")
    assert page.inner_text("[data-testid=bell-count]").strip() == "2"
    page.goto(page.base + "/account/notifications/")
    page.click("[data-testid=mark-all-read]")
    page.wait_for_selector("[data-testid=notifications]")
    assert page.locator("[data-testid=bell-count]").count() == 0
    # the password: the account menu under the name in the header opens the change form
    page.click("[data-testid=who]")
    page.click("[data-testid=nav-password]")
    page.wait_for_url(page.base + "/account/password/")
    page.fill("#id_old_password", "wrong")
    page.fill("#id_new_password1", "short")
    page.fill("#id_new_password2", "other")
    page.click("[data-testid=password-change]")
    page.wait_for_selector("[role=alert]")
    page.screenshot(path=str(ARTIFACTS / f"accounts-password-change-{lang}.png"), full_page=True)
    page.fill("#id_old_password", "pw-eva")
    page.fill("#id_new_password1", "blue-kettle-1987")
    page.fill("#id_new_password2", "blue-kettle-1987")
    page.click("[data-testid=password-change]")
    page.wait_for_url(page.base + "/account/password/done/")
    page.screenshot(path=str(ARTIFACTS / f"accounts-password-done-{lang}.png"), full_page=True)
    # reset, from the login page of a signed-out visitor
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    page.goto(page.base + "/login/")
    page.click("[data-testid=forgot-password]")
    page.wait_for_url(page.base + "/account/password/reset/")
    page.screenshot(path=str(ARTIFACTS / f"accounts-password-reset-{lang}.png"), full_page=True)
    page.fill("#id_email", "nobody@example.cn")
    page.click("[data-testid=password-reset]")
    page.wait_for_url(page.base + "/account/password/reset/sent/")
    page.wait_for_selector("[data-testid=password-done]")
    page.screenshot(path=str(ARTIFACTS / f"accounts-password-sent-{lang}.png"), full_page=True)
    assert not violations, violations


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_admin_site_in_the_readers_language(page, world, lang):
    """The admin index titled as the platform, every app and model named in the page's language
    (issue 11 item 14); screenshot to test-artifacts/."""
    page.set_default_timeout(30000)
    page.goto(page.base + "/")
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    login(page, "root", "pw-root")
    page.goto(page.base + "/admin/")
    header = page.inner_text("#site-name")
    assert header.strip() == (
        "Qualitas 管理后台" if lang == "zh-hans" else "Qualitas administration"
    )
    text = page.inner_text("#content-main")
    if lang == "zh-hans":
        assert "后台任务" in text and "登录保护" in text and "Django" not in page.title()
        assert "企业数" not in text and "家机构" not in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"admin-index-{lang}.png"), full_page=True)
