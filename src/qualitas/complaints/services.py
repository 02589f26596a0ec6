"""Writes of consumer complaints and common-problem warnings: intake (public, rate-limited,
bot-resistant), routing to the enterprise with a deadline in working days, the response, the
complainant's confirmation or dispute, escalation of overdue cases, warnings detected from
clusters and decided by the authority.

Every service checks access (``core.access``), validates its input with a
:class:`ComplaintError` naming the field, runs in one transaction and appends the change to the
audit chain (the complainant's contact never enters the chain).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.complaints.choices import (
    ComplaintStatus,
    ProblemType,
    ProductCategory,
    WarningStatus,
)
from qualitas.complaints.clustering import ClusterParams, find_clusters
from qualitas.complaints.crypto import seal
from qualitas.complaints.models import Complaint, ProblemWarning
from qualitas.complaints.workdays import add_working_days
from qualitas.core.access import (
    Actor,
    NotFound,
    may_decide_warning,
    may_handle_complaint,
    may_respond_to_complaint,
)
from qualitas.core.audit import AuditRecord, audit_append, audit_append_many
from qualitas.core.errors import DomainError
from qualitas.registry.codes import USCCError, validate_uscc
from qualitas.registry.models import Enterprise, Region

#: working days an enterprise has to respond (Monday–Friday; no holiday calendar in the code)
RESPONSE_WORKING_DAYS = 10
#: complaints accepted from one address per hour
INTAKE_PER_HOUR = 5
#: a form sent back sooner than this after it was issued is a bot's; later than the maximum, stale
FORM_MIN_SECONDS = 2
FORM_MAX_SECONDS = 2 * 3600
_FORM_SALT = "qualitas.complaints.form"
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ComplaintError(DomainError):
    """A complaint request refused for a reason the user can fix."""


def _conf(name: str, default: Any) -> Any:
    return getattr(settings, "QUALITAS", {}).get(name, default)


def _audit(actor: Any, action: str, obj: Any, **changes: Any) -> None:
    audit_append(
        actor=actor.user if isinstance(actor, Actor) else actor,
        action=f"complaints.{action}",
        model=f"complaints.{type(obj).__name__.lower()}",
        object_pk=obj.pk,
        changes={k: (v.isoformat() if isinstance(v, date) else v) for k, v in changes.items()},
    )


# --- intake -----------------------------------------------------------------------------------


def form_issue_token(now: float | None = None) -> str:
    """A signed timestamp put in the intake form when it is shown."""
    return signing.dumps({"t": now if now is not None else time.time()}, salt=_FORM_SALT)


def intake_guard(*, ip: str, honeypot: str, issued: str, now: float | None = None) -> None:
    """Refuse bots and floods without third-party services: a filled hidden field, a form
    returned too fast or with a forged or stale timestamp, more than ``INTAKE_PER_HOUR``
    complaints from one address (counted in the cache)."""
    now = now if now is not None else time.time()
    if honeypot:
        raise ComplaintError(
            _("The form could not be accepted. Please try again."), field="website"
        )
    try:
        t = float(signing.loads(issued, salt=_FORM_SALT, max_age=FORM_MAX_SECONDS)["t"])
        if now - t > FORM_MAX_SECONDS:
            raise ValueError("stale")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ComplaintError(
            _("The form has expired. Please reload the page and send it again."), field="issued"
        ) from None
    if now - t < _conf("COMPLAINTS_FORM_MIN_SECONDS", FORM_MIN_SECONDS):
        raise ComplaintError(
            _("The form was sent too quickly. Please check it and send it again."), field="issued"
        )
    key = f"complaints:intake:{hashlib.sha256(ip.encode()).hexdigest()[:32]}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the cache dropped the key (or a dummy cache): count this one
        count = 1
    if count > _conf("COMPLAINTS_PER_HOUR", INTAKE_PER_HOUR):
        raise ComplaintError(
            _("Too many complaints from your network in the last hour. Please try again later."),
            field="website",
        )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean(data: Mapping[str, Any], name: str, *, required: bool = True, limit: int = 120) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise ComplaintError(_("This field is required."), field=name)
    if len(value) > limit:
        raise ComplaintError(_("At most %(limit)d characters, please."), field=name, limit=limit)
    return value


def complaint_submit(
    *, data: Mapping[str, Any], today: date | None = None
) -> tuple[Complaint, str]:
    """File a complaint from the public; returns it and its secret tracking token (shown once).

    ``data``: ``category``, ``problem``, ``region`` (code), ``product``, ``brand``,
    ``description``, ``purchased_on`` (date or ISO text), ``enterprise``, ``credit_code`` and
    the contact ``name``, ``phone``, ``email`` (all three optional: the link suffices)."""
    today = today or timezone.localdate()
    category = _clean(data, "category", limit=16)
    if category not in ProductCategory.values:
        raise ComplaintError(_("Choose a product category from the list."), field="category")
    problem = _clean(data, "problem", limit=16)
    if problem not in ProblemType.values:
        raise ComplaintError(_("Choose a problem type from the list."), field="problem")
    region = Region.objects.filter(code=_clean(data, "region", limit=6)).first()
    if region is None:
        raise ComplaintError(_("Choose the region from the list."), field="region")
    product = _clean(data, "product")
    description = _clean(data, "description", limit=2000)
    if len(description) < 10:
        raise ComplaintError(
            _("Describe what happened in at least 10 characters."), field="description"
        )
    purchased = data.get("purchased_on") or None
    if isinstance(purchased, str):
        try:
            purchased = date.fromisoformat(purchased)
        except ValueError:
            raise ComplaintError(
                _("Not a valid date (YYYY-MM-DD)."), field="purchased_on"
            ) from None
    if purchased and purchased > today:
        raise ComplaintError(_("The purchase date lies in the future."), field="purchased_on")
    credit_code = _clean(data, "credit_code", required=False, limit=18).upper()
    if credit_code:
        try:
            validate_uscc(credit_code)
        except USCCError:
            raise ComplaintError(
                _("Not a valid unified social credit code."), field="credit_code"
            ) from None
    contact = {
        "name": _clean(data, "name", required=False, limit=40),
        "phone": _clean(data, "phone", required=False, limit=20),
        "email": _clean(data, "email", required=False, limit=120),
    }
    if contact["phone"] and not _PHONE.match(contact["phone"]):
        raise ComplaintError(_("Not a valid telephone number."), field="phone")
    if contact["email"] and not _EMAIL.match(contact["email"]):
        raise ComplaintError(_("Not a valid e-mail address."), field="email")
    contact = {k: v for k, v in contact.items() if v}
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        c = Complaint.objects.create(
            code=f"TS{today:%Y%m%d}-{secrets.token_hex(3).upper()}",
            token_hash=_token_hash(token),
            category=category,
            problem=problem,
            region=region,
            product=product,
            brand=_clean(data, "brand", required=False),
            description=description,
            purchased_on=purchased,
            enterprise_given=_clean(data, "enterprise", required=False),
            credit_code_given=credit_code,
            contact_sealed=seal(contact) if contact else "",
            received_on=today,
        )
        _audit("public", "received", c, category=category, problem=problem, region=region.code)
    return c, token


def complaint_by_token(token: str) -> Complaint:
    """The complaint a tracking link opens (404 for any other token)."""
    c = (
        Complaint.objects.select_related("region", "enterprise")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if c is None:
        raise NotFound
    return c


# --- handling ---------------------------------------------------------------------------------


def _handler(actor: Actor, c: Complaint) -> None:
    if not may_handle_complaint(actor, c.region_id):
        raise NotFound


def complaint_route(
    *, actor: Actor, complaint: Complaint, enterprise_id: int, today: date | None = None
) -> Complaint:
    """The handler confirms the enterprise and sends the complaint to it; the response is due
    ``RESPONSE_WORKING_DAYS`` working days later."""
    _handler(actor, complaint)
    today = today or timezone.localdate()
    if complaint.status not in (ComplaintStatus.RECEIVED, ComplaintStatus.DISPUTED):
        raise ComplaintError(_("This complaint has already been sent."), field="enterprise")
    enterprise = Enterprise.objects.filter(pk=enterprise_id).first()
    if enterprise is None:
        raise ComplaintError(_("Choose the enterprise from the list."), field="enterprise")
    with transaction.atomic():
        complaint.enterprise = enterprise
        complaint.status = ComplaintStatus.ROUTED
        complaint.routed_on = today
        complaint.routed_by = actor.user
        complaint.deadline = add_working_days(today, RESPONSE_WORKING_DAYS)
        complaint.responded_on = None
        complaint.save()
        _audit(
            actor,
            "routed",
            complaint,
            enterprise=enterprise.credit_code,
            deadline=complaint.deadline,
        )
    return complaint


def complaint_reject(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    """The handler does not accept a complaint (outside the remit, no product named …)."""
    _handler(actor, complaint)
    reason = reason.strip()
    if not reason:
        raise ComplaintError(_("Give the reason."), field="reason")
    if complaint.status != ComplaintStatus.RECEIVED:
        raise ComplaintError(_("Only a new complaint can be refused."), field="reason")
    with transaction.atomic():
        complaint.status = ComplaintStatus.REJECTED
        complaint.response = reason
        complaint.closed_on = timezone.localdate()
        complaint.save()
        _audit(actor, "rejected", complaint, reason=reason)
    return complaint


def complaint_respond(
    *, actor: Actor, complaint: Complaint, response: str, today: date | None = None
) -> Complaint:
    """The enterprise answers a complaint sent to it (also once escalated)."""
    if not may_respond_to_complaint(actor, complaint.enterprise_id):
        raise NotFound
    if complaint.status not in (ComplaintStatus.ROUTED, ComplaintStatus.ESCALATED):
        raise ComplaintError(_("This complaint is not waiting for a response."), field="response")
    response = response.strip()
    if len(response) < 10:
        raise ComplaintError(
            _("Say what you found and what you did, in at least 10 characters."), field="response"
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        complaint.response = response
        complaint.responded_on = today
        complaint.status = ComplaintStatus.RESPONDED
        complaint.save()
        _audit(
            actor,
            "responded",
            complaint,
            on_time=bool(complaint.deadline and today <= complaint.deadline),
        )
    return complaint


def complaint_conclude(
    *, token: str, verdict: str, note: str = "", today: date | None = None
) -> Complaint:
    """The complainant, through the tracking link, confirms the response or disputes it (a
    disputed complaint returns to the handler)."""
    complaint = complaint_by_token(token)
    if complaint.status != ComplaintStatus.RESPONDED:
        raise ComplaintError(_("There is no response to confirm yet."), field="verdict")
    if verdict not in ("confirm", "dispute"):
        raise ComplaintError(_("Confirm or dispute the response."), field="verdict")
    note = note.strip()[:1000]
    if verdict == "dispute" and not note:
        raise ComplaintError(_("Say what is still wrong."), field="note")
    with transaction.atomic():
        complaint.status = (
            ComplaintStatus.CONFIRMED if verdict == "confirm" else ComplaintStatus.DISPUTED
        )
        complaint.complainant_note = note
        if verdict == "confirm":
            complaint.closed_on = today or timezone.localdate()
        complaint.save()
        _audit("complainant", verdict, complaint)
    return complaint


def escalate_overdue(*, today: date | None = None) -> int:
    """Complaints sent to an enterprise whose deadline has passed without a response go to the
    authority (status escalated); the number escalated."""
    today = today or timezone.localdate()
    with transaction.atomic():
        overdue = list(
            Complaint.objects.select_for_update().filter(
                status=ComplaintStatus.ROUTED, deadline__lt=today
            )
        )
        for c in overdue:
            c.status = ComplaintStatus.ESCALATED
            c.escalated_on = today
        Complaint.objects.bulk_update(overdue, ["status", "escalated_on"])
        audit_append_many(
            actor="system",
            records=[
                AuditRecord(
                    action="complaints.escalated",
                    model="complaints.complaint",
                    object_pk=str(c.pk),
                    changes={"deadline": c.deadline.isoformat() if c.deadline else None},
                )
                for c in overdue
            ],
        )
    return len(overdue)


# --- warnings ---------------------------------------------------------------------------------


def warnings_detect(*, as_of: date | None = None, params: ClusterParams | None = None) -> int:
    """Cluster the complaints up to ``as_of`` and propose a warning per new cluster (one per
    cell and window end); the number proposed."""
    as_of = as_of or timezone.localdate()
    p = params or ClusterParams()
    since = as_of - timedelta(days=p.window_days * (p.baseline_windows + 1))
    rows = list(
        Complaint.objects.filter(received_on__gt=since, received_on__lte=as_of)
        .exclude(status=ComplaintStatus.REJECTED)
        .values_list("pk", "category", "region_id", "problem", "received_on", "description")
    )
    if not rows:
        return 0
    ids, cats, regs, probs, days, texts = zip(*rows, strict=True)
    clusters = find_clusters(
        ids=ids,
        categories=cats,
        regions=regs,
        problems=probs,
        days=days,
        texts=texts,
        as_of=as_of,
        params=p,
    )
    made = 0
    with transaction.atomic():
        for cl in clusters:
            warning, created = ProblemWarning.objects.get_or_create(
                category=cl.category,
                region_id=cl.region,
                problem=cl.problem,
                window_end=cl.window_end,
                defaults={
                    "window_start": cl.window_start,
                    "size": cl.size,
                    "baseline": round(cl.baseline, 3),
                    "threshold": round(cl.threshold, 3),
                    "terms": cl.terms,
                },
            )
            if not created:
                continue
            warning.evidence.set(cl.members)
            made += 1
            _audit(
                "system",
                "warning_proposed",
                warning,
                size=cl.size,
                baseline=round(cl.baseline, 3),
                evidence=[int(m) for m in cl.members],
            )
    return made


def warning_decide(
    *, actor: Actor, warning: ProblemWarning, action: str, summary: str = ""
) -> ProblemWarning:
    """The authority confirms a proposed warning, publishes a confirmed one (with a public
    summary) or dismisses it."""
    if not may_decide_warning(actor, warning.region_id):
        raise NotFound
    allowed = {
        "confirm": ((WarningStatus.PROPOSED,), WarningStatus.CONFIRMED),
        "publish": ((WarningStatus.CONFIRMED,), WarningStatus.PUBLISHED),
        "dismiss": ((WarningStatus.PROPOSED, WarningStatus.CONFIRMED), WarningStatus.DISMISSED),
    }
    if action not in allowed:
        raise ComplaintError(_("Confirm, publish or dismiss the warning."), field="action")
    before, after = allowed[action]
    if warning.status not in before:
        raise ComplaintError(
            _("This step is not possible for a warning in its present state."), field="action"
        )
    summary = summary.strip()
    if action == "publish" and len(summary) < 10:
        raise ComplaintError(
            _("Write the public summary (what the problem is, what consumers should do)."),
            field="summary",
        )
    with transaction.atomic():
        now = timezone.now()
        warning.status = after
        warning.decided_by = actor.user
        warning.decided_at = now
        if summary:
            warning.summary = summary
        if action == "publish":
            warning.published_at = now
        warning.save()
        _audit(actor, f"warning_{action}", warning, summary=summary)
    return warning
