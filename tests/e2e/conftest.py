"""Browser journeys; the fixtures (``browser``, ``page``) live in tests/conftest.py."""

from __future__ import annotations


def login(page, username: str, password: str) -> None:
    """Log in through the login form and wait for the home page."""
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_url(page.base + "/")


def public_context(browser, base: str, lang: str):
    """A fresh anonymous browser context in ``lang`` (``zh-hans`` or ``en``) and its page."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="zh-CN" if lang == "zh-hans" else "en-GB",
        timezone_id="Asia/Shanghai",
    )
    context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
    pg = context.new_page()
    pg.set_default_timeout(60000)
    return context, pg
