"""Error pages never strand a user: 403, 404, 400 and 500 in the page's language, with the site
header and links back; the CSRF failure page too; /api/docs served from local static files."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Forbidden, NotFound
from qualitas.core.errors import DomainError


# A URLconf of its own (this module): the site's URLs plus views that refuse or fail, and the
# same handlers as config/urls.py.
def _forbidden_view(request):
    raise Forbidden(_("Only the lead evaluator can submit the scores."))


def _not_found_view(request):
    raise NotFound


def _domain_error_view(request):
    raise DomainError("The deadline must lie in the future.")


def _crash_view(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test-refused/", _forbidden_view),
    path("test-missing/", _not_found_view),
    path("test-domain/", _domain_error_view),
    path("test-crash/", _crash_view),
    path("", include("qualitas.config.urls")),
]
handler403 = "qualitas.core.views.forbidden"
handler404 = "qualitas.core.views.not_found"
handler500 = "qualitas.core.views.server_error"

HERE = __name__


def _other_characteristic(world):
    from qualitas.diagnosis.models import Characteristic

    return Characteristic.objects.create(enterprise=world.ent_c, name="厚度", unit="mm")


def _assert_header_and_ways(html: str) -> None:
    assert 'class="topbar"' in html  # the site header
    assert 'data-testid="error-page"' in html
    assert (
        'data-testid="error-home" href="/"' in html or 'href="/" data-testid="error-home"' in html
    )
    assert "/static/core/favicon.svg" in html


@pytest.mark.django_db
def test_another_enterprises_private_page_is_a_styled_404_in_chinese(world, client_for):
    c = client_for("enterprise")
    char = _other_characteristic(world)
    r = c.get(f"/diagnosis/characteristics/{char.pk}/", HTTP_REFERER="http://testserver/diagnosis/")
    assert r.status_code == 404
    html = r.content.decode()
    _assert_header_and_ways(html)
    assert '<html lang="zh-hans">' in html
    assert "页面不存在" in html
    assert "返回上一页" in html and 'href="http://testserver/diagnosis/"' in html
    assert "首页和您的待办事项" in html
    assert 'data-testid="who"' in html  # still signed in, and shown so
    assert "厚度" not in html  # nothing of the record leaks


@pytest.mark.django_db
def test_404_in_english_offers_no_back_link_to_another_site(world, client_for):
    c = client_for("enterprise")
    char = _other_characteristic(world)
    r = c.get(
        f"/diagnosis/characteristics/{char.pk}/?lang=en", HTTP_REFERER="https://evil.example/x"
    )
    assert r.status_code == 404
    html = r.content.decode()
    _assert_header_and_ways(html)
    assert '<html lang="en">' in html
    assert "Page not found" in html
    assert "Home page and your to-do list" in html
    assert "evil.example" not in html
    assert 'data-testid="error-back"' not in html


@pytest.mark.django_db
def test_anonymous_404_offers_log_in_back_to_the_page(world):
    r = Client().get("/no-such-page/?lang=en")
    assert r.status_code == 404
    html = r.content.decode()
    _assert_header_and_ways(html)
    assert 'href="/login/?next=/no-such-page/%3Flang%3Den"' in html
    assert "Log in: some pages are visible only to signed-in users" in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=HERE)
def test_forbidden_is_a_styled_403_with_the_refusal_in_each_language(world, client_for):
    c = client_for("evaluator")
    r = c.get("/test-refused/?lang=en")
    assert r.status_code == 403
    html = r.content.decode()
    _assert_header_and_ways(html)
    assert "Not allowed" in html
    assert "Only the lead evaluator can submit the scores." in html
    r = c.get("/test-refused/?lang=zh-hans")
    assert r.status_code == 403
    assert "无权操作" in r.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=HERE)
def test_not_found_raised_in_a_page_is_the_styled_404(world, client_for):
    r = client_for("authority").get("/test-missing/")
    assert r.status_code == 404
    assert "页面不存在" in r.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=HERE)
def test_domain_error_page_is_styled_with_its_message(world, client_for):
    r = client_for("enterprise").get("/test-domain/?lang=en")
    assert r.status_code == 400
    html = r.content.decode()
    _assert_header_and_ways(html)
    assert "Request refused" in html
    assert "The deadline must lie in the future." in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=HERE)
def test_a_crash_is_the_styled_500(world):
    c = Client(raise_request_exception=False)
    r = c.get("/test-crash/?lang=en")
    assert r.status_code == 500
    html = r.content.decode()
    assert 'class="topbar"' in html and "Something went wrong" in html
    assert 'href="/"' in html
    assert "boom" not in html  # no internals
    r = c.get("/test-crash/?lang=zh-hans")
    assert "出错了" in r.content.decode()


def test_500_renders_without_request_context_or_database():
    # no django_db mark: any query fails the test; no context processors run either
    from qualitas.core.views import server_error

    r = server_error(RequestFactory().get("/"))
    assert r.status_code == 500
    html = r.content.decode()
    assert "Qualitas" in html and 'data-testid="error-page"' in html
    assert not re.search(r"\{\{|\{%", html)


@pytest.mark.django_db
def test_csrf_failure_is_styled_and_explains(world):
    from django.contrib.auth import get_user_model

    c = Client(enforce_csrf_checks=True)
    c.force_login(get_user_model().objects.get(username="ent"))
    r = c.post("/logout/?lang=en")
    assert r.status_code == 403
    html = r.content.decode()
    _assert_header_and_ways(html)
    assert "The form has expired" in html


@pytest.mark.django_db
def test_api_docs_use_local_static_files(client):
    r = client.get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert "/static/core/favicon.svg" in html
    # every script and stylesheet is local
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), url
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "core/favicon.svg"):
        assert finders.find(name), name
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


@pytest.mark.django_db
def test_every_page_links_the_favicon(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/core/favicon.svg" type="image/svg+xml">' in html


@pytest.mark.django_db
def test_an_unknown_api_url_answers_json_in_the_request_language(client):
    r = client.get("/api/registry/no-such-endpoint", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 404
    assert r.json() == {"detail": "Not found"}
    r = client.get("/api/no-such-app/?lang=zh-hans")
    assert r.status_code == 404
    assert r.json() == {"detail": "未找到"}


def test_healthz_answers_503_while_the_database_is_down(db, client, monkeypatch):
    """Issue 16 §10: /healthz said 200 with the database down; a load balancer must see 503."""
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    assert client.get("/healthz").json() == {"ok": True}

    def down(self, sql, params=None):  # noqa: ANN001, ANN202
        raise OperationalError("connection refused")

    with monkeypatch.context() as m:
        m.setattr(CursorWrapper, "execute", down)
        r = client.get("/healthz")
    assert r.status_code == 503 and r.json() == {"ok": False, "database": "unavailable"}
