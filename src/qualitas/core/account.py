"""Pages of a user's own account: API tokens (create, shown once; revoke), notifications (list,
open, mark read), the password (change; reset by e-mail: Django's own views and forms, our
templates), the language chosen in the header (remembered for e-mails) and, for an enterprise, the reads of its private data by partners. Thin: forms,
services, selectors."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import i18n
from django.views.decorators.http import require_POST

from qualitas.core.access import NotFound, actor_for, may_create_token
from qualitas.core.choices import ConsentScope, TokenScope
from qualitas.core.errors import DomainError
from qualitas.core.notifications import (
    notification_open,
    notifications_for,
    notifications_mark_read,
    remember_language,
)
from qualitas.core.partner_reads import partner_reads_for
from qualitas.core.selectors import token_get, tokens_for
from qualitas.core.tokens import describe_scopes, expiry_in, token_create, token_revoke

EXPIRY_CHOICES = [
    ("30", gettext_lazy("in 30 days")),
    ("90", gettext_lazy("in 90 days")),
    ("365", gettext_lazy("in one year")),
    ("", gettext_lazy("never (until revoked)")),
]


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expires = forms.ChoiceField(
        label=gettext_lazy("Expires"), choices=EXPIRY_CHOICES, initial="90", required=False
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens: create one (its secret shown once, on this answer only), revoke."""
    actor = actor_for(request.user)
    if not may_create_token(actor):
        raise NotFound
    plain = ""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            days = form.cleaned_data["expires"]
            _token, plain = token_create(
                actor=actor,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=expiry_in(int(days)) if days else None,
            )
            form = TokenForm()
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    rows = [(t, describe_scopes(t.scopes)) for t in tokens_for(actor=actor)]
    return render(
        request,
        "core/tokens.html",
        {"form": form, "plain": plain, "rows": rows},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_pk: int) -> HttpResponse:
    """Revoke one of the user's tokens (or one acting for the user's enterprise)."""
    actor = actor_for(request.user)
    token = token_get(actor=actor, pk=token_pk)
    token_revoke(actor=actor, token=token)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("account_tokens")


@login_required
def partner_reads(request: HttpRequest) -> HttpResponse:
    """The reads of the enterprise's private data by partners (banks, other systems), newest first."""
    labels = dict(ConsentScope.choices)
    rows = [
        (e, labels.get(e.changes.get("scope", ""), e.changes.get("scope", "")))
        for e in partner_reads_for(actor=actor_for(request.user))
    ]
    return render(request, "core/partner_reads.html", {"rows": rows})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, unread marked; "mark all read" (POST)."""
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
        count = notifications_mark_read(user=request.user, ids=ids or None)
        messages.success(request, _("%(count)d notification(s) marked read.") % {"count": count})
        return redirect("account_notifications")
    page = Paginator(notifications_for(user=request.user), settings.QUALITAS["PAGE_SIZE"]).get_page(
        request.GET.get("page")
    )
    return render(request, "core/notifications.html", {"page": page})


@login_required
def notification_go(request: HttpRequest, notification_pk: int) -> HttpResponse:
    """Open one of the user's notifications: it is marked read and the user taken to its page."""
    n = notification_open(user=request.user, pk=notification_pk)
    if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()}):
        return redirect(n.url)
    return redirect("account_notifications")


# Password change and reset: Django's views and forms (their checks, tokens and validators),
# rendered by the platform's templates; the reset e-mail goes through Django's mail backend
# (the console in the demo, SMTP when EMAIL_HOST is set).
password_change = auth_views.PasswordChangeView.as_view(
    template_name="core/password_change.html", success_url=reverse_lazy("password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="core/password_done.html", extra_context={"done": "changed"}
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="core/password_reset.html",
    email_template_name="core/password_reset_email.txt",
    subject_template_name="core/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="core/password_done.html", extra_context={"done": "sent"}
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="core/password_reset_confirm.html",
    success_url=reverse_lazy("password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="core/password_done.html", extra_context={"done": "reset"}
)


def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language switch: Django's ``set_language`` (cookie, redirect back); for a
    logged-in user the choice is also remembered, so e-mails are written in it."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        remember_language(request.user, request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER))
    return response
