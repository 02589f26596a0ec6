"""Access policies of capability evaluation (campaigns, assignments, results, certificates, chains).

Who may do what:

* enterprise users: their own self-assessments, appeals, chain invitations and replies;
* authority officers: campaigns, gating records and regional targets within their regions
  (administrators everywhere), aggregate statistics of their regions;
* institution managers: evaluators for their institution's assignments; the applications
  enterprises send to their institution (accept with a quote and a date, or decline);
* enterprises apply for an on-site evaluation for themselves and answer document requests;
  authorities read their regions' applications;
* evaluators: scores on assignments they are on (the lead submits them);
* reviewers (and managers) of the institution: consolidation, publication, corrections;
  reviewers alone approve drafts and decide appeals.

Row filters (``*_q``) are written over the field names of the evaluation models; the selectors
apply them. A refusal raises :class:`~qualitas.core.access.NotFound` where the record should
look missing and :class:`~qualitas.core.access.Forbidden` where it is visible but the action is
not allowed; the callers decide which.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from qualitas.core.access.base import Actor, can_see_private, covers_region, region_q
from qualitas.core.choices import ConsentScope, Role

__all__ = [
    "applications_q",
    "enterprise_users_q",
    "institution_managers_q",
    "may_answer_document_request",
    "may_apply_for_evaluation",
    "may_decide_application",
    "may_review_documents",
    "may_plan_onsite",
    "may_manage_certificate",
    "may_import_results",
    "may_answer_onsite_plan",
    "enterprise_actor",
    "may_see_applications",
    "assessments_q",
    "assignments_q",
    "campaigns_q",
    "evaluation_home",
    "follows_regional_results",
    "governed_q",
    "governed_region_codes",
    "may_act_for_enterprise",
    "may_appeal_result",
    "may_assign_team",
    "may_consolidate",
    "may_declare_interest",
    "may_govern_region",
    "may_join_team",
    "may_lead_chain",
    "may_publish_results",
    "may_review_results",
    "may_run_campaign",
    "may_run_campaigns",
    "may_score",
    "may_score_assignment",
    "may_see_campaigns",
    "may_see_evaluation_statistics",
    "may_see_assignments",
    "may_see_supplier",
    "may_submit_scores",
    "may_take_self_assessment",
    "reads_published_results_only",
    "reads_submitted_assessments_only",
    "results_q",
    "team_candidates_q",
]

_STAFF = (Role.REVIEWER, Role.INSTITUTION_MANAGER)
_NONE = Q(pk__in=[])


# --------------------------------------------------------------------------------------------
# Where each role starts
# --------------------------------------------------------------------------------------------

_HOME: dict[str, str] = {
    Role.ENTERPRISE: "evaluation:self",
    Role.EVALUATOR: "evaluation:assignments",
    Role.INSTITUTION_MANAGER: "evaluation:assignments",
    Role.REVIEWER: "evaluation:results",
    Role.AUTHORITY: "evaluation:dashboard",
    Role.ADMIN: "evaluation:dashboard",
    Role.PARTNER: "evaluation:verify_form",  # a bank checks the certificates it is shown
}


def evaluation_home(actor: Actor) -> str | None:
    """The URL name of the actor's starting page in evaluation, or None (no evaluation role)."""
    return _HOME.get(actor.role)


# --------------------------------------------------------------------------------------------
# Enterprises: self-assessment, appeals, chain
# --------------------------------------------------------------------------------------------


def may_take_self_assessment(actor: Actor) -> bool:
    """Enterprise users (of an enterprise) take self-assessments."""
    return actor.role == Role.ENTERPRISE and bool(actor.enterprise_id)


def may_act_for_enterprise(actor: Actor, enterprise_id: int | None) -> bool:
    """The actor is a user of this enterprise (answers, evidence, submission, invitations to it)."""
    return (
        actor.role == Role.ENTERPRISE
        and enterprise_id is not None
        and actor.enterprise_id == enterprise_id
    )


def may_appeal_result(actor: Actor, enterprise_id: int | None) -> bool:
    """Only the evaluated enterprise appeals against its result."""
    return may_act_for_enterprise(actor, enterprise_id)


def may_lead_chain(actor: Actor) -> bool:
    """Enterprise users invite suppliers into their chain and see it."""
    return may_take_self_assessment(actor)


def may_see_supplier(actor: Actor, supplier: Any) -> bool:
    """A chain supplier's level and dimension scores: row access, or the supplier's standing
    consent (scope ``capability``, granted to the leading enterprise on accepting an invitation)."""
    return can_see_private(actor, supplier, scope=ConsentScope.CAPABILITY)


# --------------------------------------------------------------------------------------------
# Authorities: campaigns, gating records, targets, statistics
# --------------------------------------------------------------------------------------------


def may_run_campaigns(actor: Actor) -> bool:
    """Authority officers and administrators run campaigns, record gates and set targets."""
    return actor.role in (Role.AUTHORITY, Role.ADMIN)


def may_see_evaluation_statistics(actor: Actor) -> bool:
    """Aggregate statistics (levels, targets, institution consistency): authorities and admins."""
    return actor.role in (Role.AUTHORITY, Role.ADMIN)


def may_govern_region(actor: Actor, region_code: str | None) -> bool:
    """Administrators everywhere; authority officers in their regions."""
    return actor.role == Role.ADMIN or covers_region(actor, region_code)


def may_run_campaign(actor: Actor, region_code: str | None) -> bool:
    """A campaign over ``region_code`` (None: nationwide, administrators only)."""
    if region_code is None:
        return actor.role == Role.ADMIN
    return may_govern_region(actor, region_code)


def governed_q(actor: Actor, *, field: str = "region__code") -> Q:
    """Rows in the actor's regions (authority officers), every row (admins), none (others)."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field=field)
    return _NONE


def governed_region_codes(actor: Actor) -> tuple[str, ...] | None:
    """Regions the actor acts on: None means every one (admins); an officer's own regions."""
    if actor.role == Role.ADMIN:
        return None
    return actor.region_codes if actor.role == Role.AUTHORITY else ()


def may_see_campaigns(actor: Actor) -> bool:
    """The campaigns page: authorities, admins, and the staff of evaluation institutions."""
    return actor.role in (Role.AUTHORITY, Role.ADMIN, *_STAFF)


# --------------------------------------------------------------------------------------------
# Institutions: teams, scoring, consolidation, review
# --------------------------------------------------------------------------------------------


def _staff_of(actor: Actor, institution_id: int | None, roles: tuple[str, ...]) -> bool:
    return actor.role == Role.ADMIN or (
        actor.role in roles
        and institution_id is not None
        and actor.institution_id == institution_id
    )


def may_see_assignments(actor: Actor) -> bool:
    """The assignments page: evaluators (theirs), the institution's staff, admins."""
    return actor.role in (Role.EVALUATOR, Role.ADMIN, *_STAFF)


def may_assign_team(actor: Actor, institution_id: int | None) -> bool:
    """The institution's manager (or an admin) puts a team on its assignment."""
    return _staff_of(actor, institution_id, (Role.INSTITUTION_MANAGER,))


def may_join_team(member: Actor, institution_id: int | None) -> bool:
    """A team member must be an evaluator of the assignment's institution."""
    return (
        member.role == Role.EVALUATOR
        and institution_id is not None
        and member.institution_id == institution_id
    )


def team_candidates_q(institution_id: int | None) -> Q:
    """Users who may be put on the institution's teams (its evaluators), as a filter on users."""
    q = Q(profile__role=Role.EVALUATOR)
    if institution_id is None:
        return q & Q(profile__institution__isnull=True)
    return q & Q(profile__institution_id=institution_id)


def may_score(actor: Actor) -> bool:
    """Evaluators score on site (on the assignments they are on)."""
    return actor.role == Role.EVALUATOR


def may_declare_interest(actor: Actor) -> bool:
    """Evaluators declare their ties with enterprises."""
    return actor.role == Role.EVALUATOR


def may_score_assignment(actor: Actor, assignment: Any) -> bool:
    """An evaluator on the assignment's team."""
    return may_score(actor) and assignment.evaluators.filter(pk=actor.user.pk).exists()


def may_submit_scores(actor: Actor, assignment: Any) -> bool:
    """Only the team's lead evaluator submits the scores."""
    return may_score(actor) and assignment.lead_id == actor.user.pk


def may_consolidate(actor: Actor, institution_id: int | None) -> bool:
    """Reviewers and managers of the institution consolidate its submitted evaluations."""
    return _staff_of(actor, institution_id, _STAFF)


def may_publish_results(actor: Actor, institution_id: int | None) -> bool:
    """Reviewers and managers of the institution publish and correct its results."""
    return _staff_of(actor, institution_id, _STAFF)


def may_review_results(actor: Actor, institution_id: int | None) -> bool:
    """Reviewers of the institution approve its draft results and decide appeals."""
    return _staff_of(actor, institution_id, (Role.REVIEWER,))


# --------------------------------------------------------------------------------------------
# Row filters
# --------------------------------------------------------------------------------------------


def assessments_q(actor: Actor) -> Q:
    """Self-assessments the actor may read: the own enterprise's, the regions' (authorities), all (admins).
    Authority officers read submitted ones only (:func:`reads_submitted_assessments_only`)."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id)
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field="enterprise__region__code")
    return _NONE


def reads_submitted_assessments_only(actor: Actor) -> bool:
    """Authority officers never see a self-assessment in progress."""
    return actor.role == Role.AUTHORITY


def assignments_q(actor: Actor) -> Q:
    """Assignments the actor may see: the institution's staff theirs, evaluators those they are
    on, authorities their regions', admins all."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role in _STAFF and actor.institution_id:
        return Q(institution_id=actor.institution_id)
    if actor.role == Role.EVALUATOR:
        return Q(evaluators=actor.user)
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field="enterprise__region__code")
    return _NONE


def campaigns_q(actor: Actor, *, of_visible_assignments: Any) -> Q:
    """Campaigns the actor may see. ``of_visible_assignments``: the campaign ids of the
    assignments the actor sees (:func:`assignments_q`), as a subquery.

    Authorities: their regions' campaigns and nationwide campaigns covering enterprises of their
    regions; institution staff: campaigns with assignments of their institution; admins: all."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field="region__code") | Q(
            region__isnull=True, pk__in=of_visible_assignments
        )
    if actor.role in _STAFF and actor.institution_id:
        return Q(pk__in=of_visible_assignments)
    return _NONE


def results_q(actor: Actor) -> Q:
    """Results the actor may read: the enterprise its own (published only,
    :func:`reads_published_results_only`), institution staff theirs, evaluators those of their
    assignments, authorities their regions', admins all."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id)
    if actor.role in _STAFF and actor.institution_id:
        return Q(institution_id=actor.institution_id)
    if actor.role == Role.EVALUATOR:
        return Q(assignment__evaluators=actor.user)
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field="enterprise__region__code")
    return _NONE


def reads_published_results_only(actor: Actor) -> bool:
    """An enterprise sees its results once published, never the drafts."""
    return actor.role == Role.ENTERPRISE


def follows_regional_results(actor: Actor) -> bool:
    """Authority officers follow their regions' results from approval to publication (their
    home page counts the approved ones not yet published)."""
    return actor.role == Role.AUTHORITY


# --------------------------------------------------------------------------------------------
# Applications for an on-site evaluation and the document review before it
# --------------------------------------------------------------------------------------------


def may_apply_for_evaluation(actor: Actor, enterprise_id: int | None) -> bool:
    """An enterprise's own users apply (and withdraw) for that enterprise only."""
    return may_act_for_enterprise(actor, enterprise_id)


def may_decide_application(actor: Actor, institution_id: int | None) -> bool:
    """The manager of the institution applied to (or an admin) accepts or declines."""
    return _staff_of(actor, institution_id, (Role.INSTITUTION_MANAGER,))


def may_see_applications(actor: Actor) -> bool:
    """The applications pages: enterprises (their own), institution managers (their inbox),
    authorities (their regions, read-only), admins."""
    return (
        may_take_self_assessment(actor)
        or (actor.role == Role.INSTITUTION_MANAGER and bool(actor.institution_id))
        or actor.role in (Role.AUTHORITY, Role.ADMIN)
    )


def applications_q(actor: Actor) -> Q:
    """Applications the actor may read: the enterprise its own, the institution's manager those
    sent to it, authorities those of enterprises in their regions, admins all."""
    if actor.role == Role.ADMIN:
        return Q()
    if actor.role == Role.ENTERPRISE and actor.enterprise_id:
        return Q(enterprise_id=actor.enterprise_id)
    if actor.role == Role.INSTITUTION_MANAGER and actor.institution_id:
        return Q(institution_id=actor.institution_id)
    if actor.role == Role.AUTHORITY:
        return region_q(actor, field="enterprise__region__code")
    return _NONE


def institution_managers_q(institution_id: int) -> Q:
    """The managers of an institution (told of a new application), as a filter on users."""
    return Q(profile__role=Role.INSTITUTION_MANAGER, profile__institution_id=institution_id)


def enterprise_users_q(enterprise_id: int) -> Q:
    """The users of an enterprise (told of decisions on its applications), as a filter on users."""
    return Q(profile__role=Role.ENTERPRISE, profile__enterprise_id=enterprise_id)


def may_review_documents(actor: Actor, assignment: Any) -> bool:
    """The lead evaluator of the assignment reviews the documents (passes or asks for more)."""
    return may_submit_scores(actor, assignment)


def may_answer_document_request(actor: Actor, enterprise_id: int | None) -> bool:
    """The evaluated enterprise's own users answer a request for more documents."""
    return may_act_for_enterprise(actor, enterprise_id)


def may_plan_onsite(actor: Actor, assignment: Any) -> bool:
    """The lead evaluator draws up and sends the on-site plan (dates, team, agenda)."""
    return may_submit_scores(actor, assignment)


def may_answer_onsite_plan(actor: Actor, enterprise_id: int | None) -> bool:
    """The evaluated enterprise's own users confirm the on-site plan or ask for a change."""
    return may_act_for_enterprise(actor, enterprise_id)


def enterprise_actor(enterprise_id: int) -> Actor:
    """An actor acting for an enterprise without a signed-in user (demo loaders): its writes
    are audited without a user."""
    return Actor(user=None, role=Role.ENTERPRISE, enterprise_id=enterprise_id)


def may_manage_certificate(actor: Actor, institution_id: int | None) -> bool:
    """The issuing institution's managers and reviewers (or an admin) record surveillance
    evaluations and suspend, reinstate or withdraw its certificates."""
    return _staff_of(actor, institution_id, _STAFF)


def may_import_results(actor: Actor, region_code: str | None = None) -> bool:
    """Authorities bring in results of evaluations done elsewhere, for enterprises of their
    regions (``region_code`` None: whether they may import at all); administrators everywhere."""
    if region_code is None:
        return may_run_campaigns(actor)
    return may_run_campaigns(actor) and may_govern_region(actor, region_code)
