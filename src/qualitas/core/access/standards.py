"""Access policies of standards self-declaration, benchmarking and grading.

Published declarations (and the forerunner lists and grades built from them) are public. A
declaration before publication is seen by its enterprise's users, by authority officers whose
regions contain the enterprise, and by admins. Only the enterprise's own users (and admins)
declare for its products; the catalogue of standards is kept by admins and authority officers.
"""

from __future__ import annotations

from django.db.models import Q

from qualitas.core.access.base import Actor, covers_region, region_q
from qualitas.core.choices import Role

__all__ = [
    "declarations_visible_q",
    "may_keep_grading_schemes",
    "may_publish_forerunners",
    "may_record_grade",
    "may_record_grades_somewhere",
    "sees_grade_distribution",
    "may_declare_for",
    "may_keep_standards_catalogue",
    "sees_own_declarations",
]


def may_declare_for(actor: Actor, enterprise_id: int) -> bool:
    """Declare standards for an enterprise's products: its own users and admins."""
    if actor.role == Role.ADMIN:
        return True
    return actor.role == Role.ENTERPRISE and actor.enterprise_id == enterprise_id


def sees_own_declarations(actor: Actor) -> bool:
    """The page of one's own enterprise's declarations: enterprise users."""
    return actor.role == Role.ENTERPRISE and bool(actor.enterprise_id)


def may_keep_standards_catalogue(actor: Actor) -> bool:
    """Import and edit the catalogue of standards: admins and authority officers."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def declarations_visible_q(actor: Actor) -> Q:
    """Declarations the actor may see: published ones (everyone); drafts of one's own enterprise,
    of the officer's regions, all (admins)."""
    published = Q(status="published")
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return published | region_q(actor, field="enterprise__region__code")
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return published | Q(enterprise_id=actor.enterprise_id)
    return published


def may_publish_forerunners(actor: Actor) -> bool:
    """Compute and publish forerunner lists: admins and authority officers."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def may_keep_grading_schemes(actor: Actor) -> bool:
    """Define grading schemes: admins and authority officers."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def sees_grade_distribution(actor: Actor) -> bool:
    """A scheme's grade distribution (the authorities' view): admins and authority officers."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def may_record_grade(actor: Actor, enterprise_id: int, region_code: str | None) -> bool:
    """Record a grade from test results for an enterprise's product: its own users (from a test
    report), officers whose regions contain it (spot-checks, laboratories), admins."""
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.ENTERPRISE:
        return actor.enterprise_id == enterprise_id
    return covers_region(actor, region_code)


def may_record_grades_somewhere(actor: Actor) -> bool:
    """The page to record grades: enterprise users, authority officers, admins."""
    if actor.role == Role.ENTERPRISE:
        return bool(actor.enterprise_id)
    return actor.role in (Role.ADMIN, Role.AUTHORITY)
