"""Models of the platform core: user profiles with role and scope, consents, the audit log, jobs,
API tokens, in-app notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitas.core.choices import ConsentScope, JobStatus, NotificationKind, Role


class Profile(models.Model):
    """What a user is on the platform: one role, and the organisation or regions it is scoped to.

    An enterprise user belongs to one enterprise; evaluators, institution managers and
    reviewers to one institution; an authority officer is scoped to one or more regions
    (a province covers its cities).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("enterprise"),
    )
    institution = models.ForeignKey(
        "registry.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("institution"),
    )
    regions = models.ManyToManyField(
        "registry.Region", blank=True, related_name="officers", verbose_name=_("regions")
    )
    # the language the user last chose or logged in with: e-mails are written in it (blank: the
    # site's default); kept by qualitas.core.notifications.remember_language
    language = models.CharField(
        _("language"), max_length=16, choices=settings.LANGUAGES, blank=True, default=""
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Consent(models.Model):
    """An enterprise lets a named user, institution or enterprise (all its enterprise users) see named private data, until withdrawn."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("enterprise"),
    )
    grantee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("grantee user"),
    )
    grantee_institution = models.ForeignKey(
        "registry.Institution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents_received",
        verbose_name=_("grantee institution"),
    )
    grantee_enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents_received",
        verbose_name=_("grantee enterprise"),
    )
    scope = models.CharField(_("scope"), max_length=32, choices=ConsentScope.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["enterprise", "scope"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.scope}"


class AuditEntry(models.Model):
    """One append-only entry of the audit chain.

    ``seq`` is gap-free from 1; ``hash`` = H(prev_hash || canonical JSON of the entry), so an
    edited, deleted or truncated entry breaks the chain (see ``core.audit``).
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"))
    actor = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32)
    model = models.CharField(_("record type"), max_length=100)
    object_pk = models.CharField(_("record id"), max_length=64)
    changes = models.JSONField(_("changes"), default=dict)
    prev_hash = models.CharField(max_length=128)
    hash = models.CharField(max_length=128)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["seq"]
        indexes = [models.Index(fields=["model", "object_pk"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.model}:{self.object_pk}"


class AuditHead(models.Model):
    """Singleton row holding the chain's last sequence number and hash; locked to serialise appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=128, default="")

    class Meta:
        verbose_name = _("audit head")
        verbose_name_plural = _("audit heads")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditCheckpoint(models.Model):
    """The chain's hash at a sequence number, written periodically; exportable to anchor the log."""

    seq = models.PositiveBigIntegerField(unique=True)
    hash = models.CharField(max_length=128)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"checkpoint #{self.seq}"


class Job(models.Model):
    """A long piece of work (an import, a recomputation) with progress users can watch."""

    kind = models.CharField(_("kind"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    params = models.JSONField(default=dict)
    result = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def shown_message(self) -> str:
        """The message in the reader's language: tasks store an English msgid (marked with
        ``gettext_noop``) and its ``result["message_params"]``; an error's own text is shown
        as it was stored."""
        if not self.message:
            return ""
        text = gettext(self.message)
        params = (self.result or {}).get("message_params")
        return text % params if params else text

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total)
            if self.total
            else (100 if self.status == JobStatus.SUCCEEDED else 0)
        )


class ApiToken(models.Model):
    """A bearer token for the API, owned by one user; only its SHA-256 and first characters are stored.

    The plain token is shown once, when it is created (``core.tokens.token_create``). A request
    with it acts as the owner, limited to ``scopes`` (values of
    :class:`~qualitas.core.choices.TokenScope`) and, when ``enterprise`` is set, to that
    enterprise (shop-floor gateways). It stops working when revoked or past ``expires_at``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("owner"),
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("acts for enterprise"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=16, db_index=True)
    hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class Notification(models.Model):
    """A message for one user in the header's bell and on ``/account/notifications/``.

    ``message`` is an English msgid and ``params`` its %-parameters: the text is translated when
    it is shown, in the reader's language (:attr:`text`), not when it is written. Apps create
    notifications through :func:`qualitas.core.notifications.notify`; ``key`` (when given) makes
    a repeated notice — the same deadline seen again — a no-op for that user.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    message = models.CharField(_("message"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(_("key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="core_notification_one_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.key or self.pk}"

    @property
    def text(self) -> str:
        """The message in the active language, its parameters filled in."""
        from django.utils import translation
        from django.utils.translation import gettext

        english = (translation.get_language() or "").startswith("en")

        def pick(v: object) -> object:
            # a record's name given in both languages: the reader's (Chinese when no English)
            if not isinstance(v, dict):
                return v
            return (v.get("en") or v.get("zh", "")) if english else v.get("zh", "")

        params = {k: pick(v) for k, v in self.params.items()}
        msg = gettext(self.message)
        try:
            return msg % params if params else msg
        except (KeyError, TypeError, ValueError):
            return msg
