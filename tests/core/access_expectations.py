"""What every role gets from each core page and API endpoint (read by tests/core/test_access_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import R, only

LOGGED_IN = dict.fromkeys(R, 200) | {"public": 302}

PAGES: dict[str, Any] = {
    # every logged-in user keeps its own API tokens
    "account_tokens": LOGGED_IN,
    # POST only (a GET is 405); no such token
    "account_token_revoke": only({}, other=405, public=302),
    # an enterprise sees which partners read its private data
    "account_partner_reads": only(("enterprise", "other_enterprise"), other=404, public=302),
    # every logged-in user has notifications (none of this number: 404)
    "account_notifications": LOGGED_IN,
    "account_notification": only({}, other=404, public=302),
    # Django's password pages: change (signed in), reset by e-mail (anyone)
    "password_change": LOGGED_IN,
    "password_change_done": LOGGED_IN,
    "password_reset": 200,
    "password_reset_done": 200,
    "password_reset_confirm": 200,  # a link that is not valid says so
    "password_reset_complete": 200,
}


def kwargs(world: Any) -> dict[str, Any]:
    return {"token_pk": 10**9, "notification_pk": 10**9, "uidb64": "MQ", "token": "x-y"}


API = {
    # an enterprise user's consents; other roles have none to manage (403), anonymous 401
    "GET /api/core/consents": only(("enterprise", "other_enterprise"), other=403, public=401),
    # the reads of an enterprise's private data by partners: its own users only
    "GET /api/core/partner-reads": only(("enterprise", "other_enterprise"), other=404, public=401),
}
