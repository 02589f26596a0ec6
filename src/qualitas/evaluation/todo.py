"""The evaluation app's items on a user's to-do list (``core.providers.todo_provider``), shown on the
home page. Registered from ``AppConfig.ready()``.

Each item is one count query over the app's own selectors (already scoped to what the actor may
read), offered only to those whose work the step is (policies of ``core.access``), and links to
the page that lists exactly the things counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitas.core.access import (
    Actor,
    follows_regional_results,
    may_assign_team,
    may_publish_results,
    may_review_results,
    may_run_campaigns,
    may_score,
    may_take_self_assessment,
)
from qualitas.core.providers import TodoItem, todo_provider
from qualitas.evaluation import selectors
from qualitas.evaluation.choices import (
    AssessmentStatus,
    AssignmentStatus,
    CampaignStatus,
    InvitationStatus,
    ResultStatus,
)

# An open campaign is on the list from this many days before its deadline (and once overdue).
CAMPAIGN_DEADLINE_DAYS = 14


# The institution's steps are on the list of its own staff: an admin may take any of them but
# has no institution, and so no such list (a platform-wide count would be noise to an operator).
def _assigns_team(actor: Actor) -> bool:
    return actor.institution_id is not None and may_assign_team(actor, actor.institution_id)


def _reviews(actor: Actor) -> bool:
    return actor.institution_id is not None and may_review_results(actor, actor.institution_id)


def _publishes(actor: Actor) -> bool:
    return actor.institution_id is not None and may_publish_results(actor, actor.institution_id)


@dataclass(frozen=True)
class _Step:
    """Things of one kind waiting for those whose work they are: ``rows(actor)`` counted,
    listed on ``page`` (a URL name) filtered by ``status`` when given."""

    key: str
    label: Promise
    whose: Callable[[Actor], bool]
    rows: Callable[[Actor], QuerySet[Any]]
    page: str
    status: str = ""

    def url(self) -> str:
        return reverse(self.page) + (f"?status={self.status}" if self.status else "")


_STEPS = (
    _Step(
        "evaluation.assessments_in_progress",
        gettext_lazy("Self-assessments in progress"),
        may_take_self_assessment,
        lambda a: selectors.assessments_for(actor=a).filter(status=AssessmentStatus.DRAFT),
        "evaluation:self",
    ),
    _Step(
        "evaluation.invitations",
        gettext_lazy("Chain invitations asking for your consent"),
        may_take_self_assessment,
        lambda a: selectors.invitations_received(actor=a).filter(status=InvitationStatus.PENDING),
        "evaluation:chain",
    ),
    _Step(
        "evaluation.assignments_pending",
        gettext_lazy("Assignments awaiting evaluators"),
        _assigns_team,
        lambda a: selectors.assignments_for(actor=a).filter(status=AssignmentStatus.PENDING),
        "evaluation:assignments",
        AssignmentStatus.PENDING,
    ),
    _Step(
        "evaluation.evaluations_to_consolidate",
        gettext_lazy("Submitted evaluations to consolidate"),
        _assigns_team,
        lambda a: selectors.assignments_for(actor=a).filter(
            status=AssignmentStatus.SUBMITTED, results__isnull=True
        ),
        "evaluation:assignments",
        AssignmentStatus.SUBMITTED,
    ),
    _Step(
        "evaluation.results_to_review",
        gettext_lazy("Results awaiting review"),
        _reviews,
        lambda a: selectors.results_for(actor=a).filter(status=ResultStatus.DRAFT),
        "evaluation:results",
        ResultStatus.DRAFT,
    ),
    _Step(
        "evaluation.results_to_publish",
        gettext_lazy("Approved results to publish"),
        _publishes,
        lambda a: selectors.results_for(actor=a).filter(status=ResultStatus.APPROVED),
        "evaluation:results",
        ResultStatus.APPROVED,
    ),
    _Step(
        "evaluation.results_awaiting_publication",
        gettext_lazy("Results in your regions awaiting publication"),
        follows_regional_results,
        lambda a: selectors.results_for(actor=a).filter(status=ResultStatus.APPROVED),
        "evaluation:results",
        ResultStatus.APPROVED,
    ),
)


@todo_provider
def evaluation_todo(actor: Actor) -> Iterator[TodoItem]:
    """Self-assessments and invitations (enterprises), assignments (evaluators, managers),
    results to review or publish (institutions, authorities), campaign deadlines (authorities)."""
    for step in _STEPS:
        if step.whose(actor):
            yield TodoItem(
                key=step.key,
                label=step.label,
                count=step.rows(actor).count(),
                url=step.url(),
                source_app="evaluation",
            )
    if may_score(actor):
        # one query for the count and the nearest deadline
        due = (
            selectors.assignments_for(actor=actor)
            .filter(status=AssignmentStatus.ASSIGNED)
            .aggregate(n=Count("pk"), next=Min("deadline"))
        )
        label = _("Assignments to score")
        if due["next"] is not None:
            label = _("Assignments to score (next deadline %(day)s)") % {
                "day": formats.date_format(due["next"], "SHORT_DATE_FORMAT")
            }
        yield TodoItem(
            key="evaluation.assignments_due",
            label=label,
            count=due["n"],
            url=f"{reverse('evaluation:assignments')}?status={AssignmentStatus.ASSIGNED}",
            source_app="evaluation",
        )
    if may_run_campaigns(actor):
        soon = timezone.localdate() + timedelta(days=CAMPAIGN_DEADLINE_DAYS)
        yield TodoItem(
            key="evaluation.campaign_deadlines",
            label=_("Open campaigns due within %(days)d days or overdue")
            % {"days": CAMPAIGN_DEADLINE_DAYS},
            count=selectors.campaigns_for(actor=actor)
            .filter(status=CampaignStatus.OPEN, deadline__lte=soon)
            .count(),
            url=reverse("evaluation:campaigns"),
            source_app="evaluation",
        )
