"""In-app notifications: what apps tell a user (an alert opened, an assignment given, a deadline
near), shown by the bell in the header and on ``/account/notifications/``; e-mailed too where
mail is configured.

Core never imports the apps. An app creates notifications by calling :func:`notify` from its
services (alerts, assignments), and contributes deadlines through
:func:`qualitas.core.providers.deadline_provider`; :func:`deliver_deadlines` turns those into
notifications when the user logs in and when ``qualitas notify-deadlines`` runs (cron). The
message is stored as its English msgid with parameters and translated when shown, so each reader
sees it in the page's language. E-mails are written in each reader's language: the one the user
last chose or logged in with (:func:`remember_language`), the site's default when unknown;
:func:`mail_addresses_by_language` groups the addresses for every app that sends mail.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from qualitas.core.access import Actor, NotFound, actor_for
from qualitas.core.choices import NotificationKind
from qualitas.core.models import Notification, Profile
from qualitas.core.providers import collect_deadlines

log = logging.getLogger(__name__)


def _user_ids(users: Iterable[Any]) -> list[int]:
    ids = {u if isinstance(u, int) else u.pk for u in users}
    return sorted(i for i in ids if i is not None)


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    message: str,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    key: str = "",
    email: bool = True,
) -> int:
    """Give each of ``users`` (users or their ids) a notification; the number created.

    ``message`` is an English msgid marked with ``gettext_noop`` where it is written (so the
    catalogue has it) and ``params`` its %-parameters (plain data). With a ``key``, a user who
    already has a notification with that key gets no second one. ``email``: also mail the text,
    in each reader's language (:func:`mail_addresses_by_language`), to those with an address, when
    ``QUALITAS["NOTIFICATION_EMAIL"]`` is on (Django's mail backend: SMTP when ``EMAIL_HOST`` is
    set, else the console).
    """
    ids = _user_ids(users)
    if not ids:
        return 0
    if key:
        have = set(
            Notification.objects.filter(user_id__in=ids, key=key).values_list("user_id", flat=True)
        )
        ids = [i for i in ids if i not in have]
    rows = [
        Notification(
            user_id=i, kind=kind, message=message, params=dict(params or {}), url=url, key=key
        )
        for i in ids
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    if email and ids and settings.QUALITAS.get("NOTIFICATION_EMAIL", True):
        _mail(ids, rows[0])
    return len(rows)


def remember_language(user: Any, lang: str | None) -> str:
    """Remember ``lang`` (a request's or a chosen language) as ``user``'s language for e-mails;
    the site's language it was taken as, or "" when it is none of the site's (nothing stored)."""
    if not lang or not getattr(user, "pk", None):
        return ""
    try:
        code = translation.get_supported_language_variant(lang)
    except LookupError:
        return ""
    if code not in dict(settings.LANGUAGES):
        return ""
    Profile.objects.filter(user_id=user.pk).exclude(language=code).update(language=code)
    return code


def mail_addresses_by_language(users: Iterable[Any]) -> dict[str, list[str]]:
    """The e-mail addresses of the active ``users`` (users or their ids) that have one, grouped
    by the language to write to them in (theirs; the site's default when not known)."""
    from django.contrib.auth import get_user_model

    known = dict(settings.LANGUAGES)
    grouped: dict[str, list[str]] = {}
    rows = (
        get_user_model()
        .objects.filter(pk__in=_user_ids(users), is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", "profile__language")
    )
    for email, lang in rows:
        code = lang if lang in known else settings.LANGUAGE_CODE
        grouped.setdefault(code, []).append(email)
    return grouped


def _mail(user_ids: list[int], n: Notification) -> None:
    for lang, to in mail_addresses_by_language(user_ids).items():
        with translation.override(lang):
            subject = "[Qualitas] " + n.text
            body = "\n\n".join(
                [
                    n.text,
                    gettext("Open it on the platform:") + " " + n.url if n.url else "",
                    gettext("Your notifications: %(url)s") % {"url": "/account/notifications/"},
                ]
            ).strip()
        for address in to:  # one message each: recipients do not see each other
            try:
                send_mail(subject[:200], body, None, [address])
            except Exception:  # a mail server down must not undo the notification
                log.warning("notification mail to %s failed", address, exc_info=True)


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(user_id=user.pk)


def unread_count(*, user: Any) -> int:
    """How many of the user's notifications are unread (the bell's figure)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def notification_open(*, user: Any, pk: int) -> Notification:
    """One of the user's notifications, marked read (another user's: not found)."""
    n = Notification.objects.filter(user_id=user.pk, pk=pk).first()
    if n is None:
        raise NotFound
    if n.read_at is None:
        n.read_at = timezone.now()
        n.save(update_fields=["read_at"])
    return n


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (those of ``ids``, or all); how many."""
    qs = Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def deliver_deadlines(user: Any, *, today: date | None = None) -> int:
    """Notify ``user`` of every deadline the apps report near or past for them (once per key)."""
    actor: Actor = actor_for(user)
    if actor.is_public:
        return 0
    created = 0
    for d in collect_deadlines(actor, today or timezone.localdate()):
        created += notify(
            users=[user],
            kind=NotificationKind.DEADLINE,
            message=d.message,
            params=d.params,
            url=d.url,
            key=d.key,
        )
    return created


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """``user_logged_in``: the language of the login page is remembered for the user's e-mails
    and deadlines become notifications when the user arrives. Never fails a login."""
    try:
        # LocaleMiddleware's choice (cookie, Accept-Language); absent on a request made in code
        remember_language(user, getattr(request, "LANGUAGE_CODE", None))
    except Exception:
        log.warning("remembering the language of %s failed", user, exc_info=True)
    try:
        deliver_deadlines(user)
    except Exception:
        log.warning("deadline notifications for %s failed", user, exc_info=True)
