"""Browser journeys; the fixtures (``browser``, ``page``) live in tests/conftest.py."""

from __future__ import annotations


def login(page, username: str, password: str) -> None:
    """Log in through the login form and wait for the home page."""
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form button[type=submit] >> nth=-1")
    page.wait_for_url(page.base + "/")
