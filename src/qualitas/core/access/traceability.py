"""Access policies of traceability (the EPCIS repository, traces) and recalls.

* **Events** are private to the enterprise that captured them and to the enterprises named as
  their source or destination; authority officers see the events of enterprises in their
  regions (for recalls and investigations); admins all; the public and other roles none.
* **Capture**: an enterprise's users (and its tokens with ``traceability:write``) for the
  enterprise's own identifiers and places only; admins for any (conformance tests, migrations).
* **Traces**: enterprises over the events they see; authority officers and admins over the whole
  genealogy (a recall's scope needs every downstream party).
* **Recalls** (SAMR Order No. 19): the producer's users report defects, write the plan and report
  progress; authority officers of the producer's region open investigations, file the plan,
  publish the notice and close; published notices are public.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from qualitas.core.access.base import Actor, enterprise_region_q
from qualitas.core.choices import Role

__all__ = [
    "may_report_defect",
    "may_supervise_recall",
    "may_write_recall_plan",
    "recalls_managed_q",
    "sees_recall_desk",
    "captures_any_identifier",
    "epcis_events_q",
    "may_capture_epcis",
    "may_see_capture",
    "may_trace",
    "trace_owner_scope",
]


def may_capture_epcis(actor: Actor) -> bool:
    """Who may send EPCIS documents: an enterprise's users (for its own identifiers) and admins."""
    return actor.role == Role.ADMIN or (actor.role == Role.ENTERPRISE and bool(actor.enterprise_id))


def captures_any_identifier(actor: Actor) -> bool:
    """Admins capture for any identifier (repository-wide); enterprises only for their own."""
    return actor.role == Role.ADMIN


def may_see_capture(actor: Actor, created_by_id: int | None) -> bool:
    """A capture's status: whoever sent it, and admins."""
    return actor.role == Role.ADMIN or (
        created_by_id is not None and created_by_id == getattr(actor.user, "pk", None)
    )


def epcis_events_q(actor: Actor, *, prefix: str = "") -> Q:
    """Filter on events the actor may read (``prefix``: the path to the event)."""
    p = f"{prefix}__" if prefix else ""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(**{f"{p}enterprise_id": actor.enterprise_id}) | Q(
            **{
                f"{p}parties__enterprise_id": actor.enterprise_id,
                f"{p}parties__kind__in": ("source", "destination"),
            }
        )
    if actor.role == Role.AUTHORITY and actor.region_codes:
        q = Q(pk__in=[])
        for code in actor.region_codes:
            q |= enterprise_region_q(code, prefix=f"{p}enterprise__")
        return q
    return Q(pk__in=[])


def may_trace(actor: Actor) -> bool:
    """Traces: enterprises (over what they see), authority officers and admins."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY) or (
        actor.role == Role.ENTERPRISE and bool(actor.enterprise_id)
    )


def trace_owner_scope(actor: Actor) -> Any:
    """The enterprise whose visible events bound a trace (an enterprise user's own); ``None``:
    the whole genealogy (authority officers for recalls and investigations, admins)."""
    if actor.role == Role.ENTERPRISE:
        return actor.enterprise_id
    return None


def recalls_managed_q(actor: Actor) -> Q:
    """Recalls the actor works on (any status): the producer's users their own, authority officers
    those of producers in their regions, admins all; nobody else."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id)
    if actor.role == Role.AUTHORITY and actor.region_codes:
        q = Q(pk__in=[])
        for code in actor.region_codes:
            q |= enterprise_region_q(code, prefix="enterprise__")
        return q
    return Q(pk__in=[])


def sees_recall_desk(actor: Actor) -> bool:
    """The recall desk (reports, plans, filing): enterprises, authority officers, admins."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY) or (
        actor.role == Role.ENTERPRISE and bool(actor.enterprise_id)
    )


def may_report_defect(actor: Actor, enterprise: Any) -> bool:
    """A defect report on ``enterprise``'s product: its own users (own finding), authority officers
    covering it (complaints, spot checks, accidents, investigations), admins."""
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.ENTERPRISE:
        return bool(actor.enterprise_id == enterprise.pk)
    if actor.role == Role.AUTHORITY:
        return str(enterprise.region_id).startswith(actor.province_prefixes)
    return False


def may_write_recall_plan(actor: Actor, enterprise_id: int | None) -> bool:
    """The producer writes its recall plan and reports progress (admins may too)."""
    return actor.role == Role.ADMIN or (
        actor.role == Role.ENTERPRISE
        and enterprise_id is not None
        and actor.enterprise_id == enterprise_id
    )


def may_supervise_recall(actor: Actor, region_code: str | None) -> bool:
    """Investigation, filing, publication and closure: authority officers of the producer's
    region, admins."""
    if actor.role == Role.ADMIN:
        return True
    return (
        actor.role == Role.AUTHORITY
        and bool(region_code)
        and str(region_code).startswith(actor.province_prefixes)
    )
