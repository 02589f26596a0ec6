"""Accounts (issue 11 item 18): change the password; reset it by e-mail (Django's views and
forms, the platform's templates, the mail through Django's backend — SMTP when EMAIL_HOST is
set); in-app notifications for alerts, assignments and deadlines with the header's bell; e-mails
in each reader's language (the one chosen in the header or logged in with)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_noop

from qualitas.core.choices import NotificationKind
from qualitas.core.models import Notification
from qualitas.core.notifications import notify, unread_count

pytestmark = pytest.mark.django_db


def _client(user, lang: str) -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    return c


# ------------------------------------------------------------------------------------ password


@pytest.mark.parametrize(
    ("lang", "heading", "button"),
    [("zh-hans", "修改密码", "修改密码"), ("en", "Change your password", "Change password")],
)
def test_password_change_in_both_languages(world, lang, heading, button):
    user = world.users["evaluator"]
    c = _client(user, lang)
    page = c.get("/account/password/").content.decode()
    assert f"<h1>{heading}</h1>" in page and button in page
    # the account menu under the name in the header leads here
    assert 'href="/account/password/" data-testid="nav-password"' in c.get("/").content.decode()
    wrong = c.post(
        "/account/password/",
        {"old_password": "nope", "new_password1": "x", "new_password2": "x"},
    )
    assert wrong.status_code == 200 and 'role="alert"' in wrong.content.decode()
    done = c.post(
        "/account/password/",
        {
            "old_password": "pw-eva",
            "new_password1": "blue-kettle-1987",
            "new_password2": "blue-kettle-1987",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/account/password/done/"
    user.refresh_from_db()
    assert user.check_password("blue-kettle-1987")
    assert c.get("/account/password/done/").status_code == 200  # still signed in


@pytest.mark.parametrize(
    ("lang", "subject", "heading"),
    [
        ("zh-hans", "Qualitas：重置密码", "选择新密码"),
        ("en", "Qualitas: reset your password", "Choose a new password"),
    ],
)
def test_password_reset_by_email(world, lang, subject, heading):
    user = world.users["enterprise"]
    user.email = "ent@example.cn"
    user.save()
    mail.outbox.clear()
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert 'href="/account/password/reset/"' in c.get("/login/").content.decode()
    r = c.post("/account/password/reset/", {"email": "ent@example.cn"})
    assert r.status_code == 302 and r["Location"] == "/account/password/reset/sent/"
    # an unknown address gets the same answer and no mail (no account is revealed)
    c.post("/account/password/reset/", {"email": "nobody@example.cn"})
    assert len(mail.outbox) == 1
    m = mail.outbox[0]
    assert m.to == ["ent@example.cn"] and m.subject == subject
    link = re.search(r"http://testserver(/account/password/reset/\S+/)", m.body).group(1)
    form = c.get(link, follow=True)
    assert heading in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    r = c.post(set_url, {"new_password1": "green-ladder-42", "new_password2": "green-ladder-42"})
    assert r.status_code == 302 and r["Location"] == "/account/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password("green-ladder-42")
    # the link works once
    again = c.get(link, follow=True).content.decode()
    assert 'data-testid="invalid-link"' in again


def test_smtp_when_configured_in_production():
    """Production settings: SMTP from the environment when EMAIL_HOST is set; the console else."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, "
        "s.DEFAULT_FROM_EMAIL)"
    )
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qualitas.config.settings.production",
        "DATABASE_URL": "sqlite:///:memory:",
        "SECRET_KEY": "smtp-test-" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2,
        "ALLOWED_HOSTS": "example.cn",
    }
    smtp = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **base,
            "EMAIL_HOST": "smtp.example.cn",
            "EMAIL_PORT": "465",
            "EMAIL_USE_SSL": "true",
            "DEFAULT_FROM_EMAIL": "q@example.cn",
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert smtp == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.cn",
        "465",
        "False",
        "True",
        "q@example.cn",
    ]
    base.pop("EMAIL_HOST", None)
    console = subprocess.run(
        [sys.executable, "-c", code], env=base, capture_output=True, text=True, check=True
    ).stdout.split()
    assert console[0] == "django.core.mail.backends.console.EmailBackend"


# ------------------------------------------------------------------------------- notifications


def _notice(user, key="k1", **kw):
    return notify(
        users=[user],
        kind=NotificationKind.ASSIGNMENT,
        message=gettext_noop(
            "You are on the team evaluating %(enterprise)s on site (deadline %(day)s)."
        ),
        params={"enterprise": {"zh": "杭州精工", "en": "Hangzhou Precision"}, "day": "2026-12-01"},
        url="/evaluation/assignments/",
        key=key,
        **kw,
    )


def test_notify_once_per_key_and_mail_where_configured(world, settings):
    user = world.users["evaluator"]
    user.email = "eva@example.cn"
    user.save()
    mail.outbox.clear()
    assert _notice(user) == 1
    assert _notice(user) == 0  # the same key again: nothing new
    assert Notification.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["eva@example.cn"]
    assert "杭州精工" in mail.outbox[0].subject  # the site's language (Chinese)
    settings.QUALITAS = {**settings.QUALITAS, "NOTIFICATION_EMAIL": False}
    assert _notice(user, key="k2") == 1 and len(mail.outbox) == 1


def test_bell_list_open_and_mark_read_in_both_languages(world):
    user = world.users["evaluator"]
    _notice(user, key="a")
    _notice(user, key="b")
    zh = _client(user, "zh-hans")
    home = zh.get("/").content.decode()
    assert 'data-testid="bell-count">2<' in home
    page = zh.get("/account/notifications/").content.decode()
    assert "你已加入杭州精工的现场评价组（截止 2026-12-01）。" in page
    assert page.count('data-testid="notification"') == 2 and "标记为已读" in page
    en = _client(user, "en").get("/account/notifications/").content.decode()
    assert "You are on the team evaluating Hangzhou Precision on site (deadline 2026-12-01)." in en
    first = Notification.objects.filter(user=user).first()
    r = zh.get(f"/account/notifications/{first.pk}/")
    assert r.status_code == 302 and r["Location"] == "/evaluation/assignments/"
    assert unread_count(user=user) == 1
    # another user's notification is not found
    assert (
        _client(world.users["reviewer"], "en")
        .get(f"/account/notifications/{first.pk}/")
        .status_code
        == 404
    )
    zh.post("/account/notifications/")  # mark all read
    assert unread_count(user=user) == 0
    assert 'data-testid="bell-count"' not in zh.get("/").content.decode()


def test_a_new_alert_notifies_the_enterprise_users(world, django_capture_on_commit_callbacks):
    from tests.diagnosis.helpers import make_diagnosis

    with django_capture_on_commit_callbacks(execute=True):
        d = make_diagnosis(world)
    n = Notification.objects.filter(user=world.users["enterprise"], kind="alert").first()
    assert n is not None and n.url == f"/diagnosis/alerts/{d['alert'].pk}/"
    assert not Notification.objects.filter(user=world.users["other_enterprise"]).exists()
    with translation.override("zh-hans"):
        assert d["char"].name in n.text and "报警" in n.text


# ------------------------------------------------------------------------ e-mails in their language


def test_language_chosen_while_logged_in_is_remembered(world):
    user = world.users["evaluator"]
    c = _client(user, "zh-hans")
    assert 'action="/i18n/setlang/"' in c.get("/").content.decode()  # the header's switch
    r = c.post("/i18n/setlang/", {"language": "en", "next": "/account/notifications/"})
    assert r.status_code == 302 and r["Location"] == "/account/notifications/"
    assert c.cookies["django_language"].value == "en"  # Django's own behaviour is kept
    user.profile.refresh_from_db()
    assert user.profile.language == "en"
    assert "Notifications" in c.get("/account/notifications/").content.decode()
    c.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    user.profile.refresh_from_db()
    assert user.profile.language == "zh-hans"
    c.post("/i18n/setlang/", {"language": "fr", "next": "/"})  # not one of the site's
    user.profile.refresh_from_db()
    assert user.profile.language == "zh-hans"
    # a visitor switches too; nothing to remember
    assert Client().post("/i18n/setlang/", {"language": "en"}).status_code == 302


def test_login_remembers_the_pages_language(world):
    user = world.users["enterprise"]
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    r = c.post("/login/", {"username": "ent", "password": "pw-ent"})
    assert r.status_code == 302
    user.profile.refresh_from_db()
    assert user.profile.language == "en"


def test_notification_mail_in_each_readers_language(world):
    zh, en = world.users["evaluator"], world.users["reviewer"]
    zh.email, en.email = "eva@example.cn", "rev@example.cn"
    zh.save()
    en.save()
    en.profile.language = "en"
    en.profile.save()
    mail.outbox.clear()
    notify(
        users=[zh, en],
        kind=NotificationKind.ASSIGNMENT,
        message=gettext_noop(
            "You are on the team evaluating %(enterprise)s on site (deadline %(day)s)."
        ),
        params={"enterprise": {"zh": "杭州精工", "en": "Hangzhou Precision"}, "day": "2026-12-01"},
        key="team",
    )
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {"eva@example.cn", "rev@example.cn"}
    assert (
        "杭州精工" in to["eva@example.cn"].subject and "Hangzhou" not in to["eva@example.cn"].body
    )
    assert to["rev@example.cn"].subject == (
        "[Qualitas] You are on the team evaluating Hangzhou Precision on site (deadline 2026-12-01)."
    )
    assert "Your notifications: /account/notifications/" in to["rev@example.cn"].body
