"""The header in a real browser for each kind of user, in Chinese and English (issue 11 item 13):
at 1280 px the navigation, the language switch and the user's name and role sit on one line and
nothing is cut; at 390 px nothing is wider than the phone and the role is whole. The grouped
menus (``<details>``, no script: the CSP forbids inline JS) open and lead to their pages.
Screenshots of the header go to test-artifacts/."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERS = [
    # username, role in Chinese, role in English
    ("auth", "主管部门人员", "Authority officer"),
    ("ent", "企业用户", "Enterprise user"),
    ("eva", "评价员", "Evaluator"),
    ("bank", "合作机构", "Partner"),
]

LAYOUT = """() => {
  const bar = document.querySelector('header.topbar');
  const role = document.querySelector('[data-testid=who-role]');
  const who = document.querySelector('[data-testid=who]');
  const r = role.getBoundingClientRect();
  const w = who.getBoundingClientRect();
  const tops = [...bar.querySelectorAll(':scope > .brand, :scope > nav > *, :scope > .tools > *')]
    .filter(el => el.getClientRects().length)
    .map(el => Math.round(el.getBoundingClientRect().top));
  const visible = [...bar.querySelectorAll('a, summary, button')]
    .filter(el => el.getClientRects().length && !el.closest('details:not([open]) > :not(summary)'));
  return {
    page: document.documentElement.scrollWidth,
    view: window.innerWidth,
    height: bar.getBoundingClientRect().height,
    rows: new Set(tops.map(t => Math.round(t / 12))).size,
    roleWhole: role.scrollWidth <= role.clientWidth + 1 && r.right <= window.innerWidth
      && r.left >= 0 && w.right <= window.innerWidth,
    // clipped (overflow hidden: an ellipsis) or running off the screen
    cut: visible.filter(el => (getComputedStyle(el).overflowX !== 'visible'
        && el.scrollWidth > el.clientWidth + 1)
      || el.getBoundingClientRect().right > window.innerWidth + 0.5).map(el => el.textContent.trim()),
  };
}"""


@pytest.mark.parametrize(("username", "role_zh", "role_en"), USERS)
def test_header_fits_for_every_user_in_both_languages(page, world, username, role_zh, role_en):
    page.set_default_timeout(30000)
    login(page, username, "pw-" + username)
    ARTIFACTS.mkdir(exist_ok=True)
    for lang, role in (("zh-hans", role_zh), ("en", role_en)):
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(page.base + f"/?lang={lang}")
            assert page.inner_text("[data-testid=who-role]").strip() == role
            got = page.evaluate(LAYOUT)
            page.locator("header.topbar").screenshot(
                path=str(ARTIFACTS / f"header-{username}-{lang}-{width}.png")
            )
            assert got["page"] <= got["view"], (lang, width, got)
            assert got["roleWhole"], (lang, width, got)
            assert got["cut"] == [], (lang, width, got)
            # a wide screen: one row; a phone: the bar, then the navigation (the account's
            # links live in the menu under the user's name)
            assert got["rows"] == (1 if width == 1280 else 2), (lang, width, got)

            # the last menu opens inside the screen; another menu opening closes it
            page.click("[data-testid=menu-public]")
            panel = page.locator("[data-testid=menu-public] + div")
            assert panel.is_visible()
            box = panel.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (lang, width, box)
            page.screenshot(path=str(ARTIFACTS / f"header-{username}-{lang}-{width}-open.png"))
            page.click("[data-testid=menu-enterprises], nav > a[href='/enterprises/']")
            assert not panel.is_visible()
            # the account menu under the name opens inside the screen too
            page.click("[data-testid=who]")
            account = page.locator("[data-testid=who] + div")
            box = account.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (lang, width, box)
            assert page.locator("[data-testid=nav-logout]").is_visible()
            page.click("[data-testid=who]")


def test_menus_lead_to_the_pages_of_the_role(page, world):
    page.set_default_timeout(30000)
    login(page, "auth", "pw-auth")
    page.goto(page.base + "/?lang=en")
    work = page.locator("[data-testid=menu-work] + div")
    assert not work.is_visible()
    page.click("[data-testid=menu-work]")
    assert work.is_visible()
    links = work.locator("a").all_inner_texts()
    assert "Quality monitoring" in links and "Problem diagnosis" not in links
    work.get_by_text("Quality monitoring").click()
    page.wait_for_url(page.base + "/diagnosis/authority/")
    # Escape closes an open menu; opening one closes the other
    page.click("[data-testid=menu-work]")
    assert work.is_visible()
    page.keyboard.press("Escape")
    assert not work.is_visible()
    page.click("[data-testid=menu-public]")
    page.click("[data-testid=menu-enterprises]")
    assert not page.locator("[data-testid=menu-public] + div").is_visible()
    page.click("[data-testid=menu-enterprises] + div a[href='/registry/stats/']")
    page.wait_for_url(page.base + "/registry/stats/")
