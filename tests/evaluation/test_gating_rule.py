"""One evaluation rule, stored (issue 11, item 4): on the shipped framework 1.0 a gate caps the
level and the score S together, the penalty question D4.06.L1 counts once (as the gate), and
the stored score is what the index's ``level_score`` reads — floor(S) is the level.

Hand-worked: every requirement fully met means s_ℓ = 1 at every level, so the uncapped result is
L5 (S = 5) and a gate with cap c gives level c and S = c + min(s_{c+1}, 0.9999) = c.9999.
"""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from qualitas.evaluation import services
from qualitas.evaluation.models import Requirement, Score
from qualitas.evaluation.providers import levels_as_of
from tests.evaluation.conftest import actor, answer_levels

pytestmark = pytest.mark.django_db

PENALTY = "D4.06.L1"


def quarter_label() -> str:
    today = timezone.localdate()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def self_assessment(world, *, penalty: str = "full"):
    act = actor(world.users["enterprise"])
    a = services.assessment_start(actor=act)
    answer_levels(a, upto=5)
    a.answers.filter(requirement__code=PENALTY).update(value=penalty)
    return services.assessment_submit(actor=act, assessment=a)


def published(world, onsite, *, penalty: str = "full"):
    """Every requirement scored fully met on site (D4.06.L1 as given), consolidated, approved,
    published."""
    act = actor(onsite.evaluator)
    ev = services.evaluation_for(actor=act, assignment=onsite.assignment)
    Score.objects.filter(evaluation=ev).delete()
    Score.objects.bulk_create(
        [
            Score(evaluation=ev, requirement=r, value=penalty if r.code == PENALTY else "full")
            for r in Requirement.objects.filter(framework=ev.framework)
        ]
    )
    services.evaluation_submit(actor=act, evaluation=ev)
    onsite.assignment.refresh_from_db()
    reviewer = actor(world.users["reviewer"])
    (r,) = services.evaluations_consolidate(actor=reviewer, assignments=[onsite.assignment])
    services.result_approve(actor=reviewer, result=r)
    services.result_publish(actor=reviewer, result=r)
    r.refresh_from_db()
    return r


def gate(world, kind: str, reference: str = "浙质罚〔2025〕12号") -> None:
    services.gate_record_create(
        actor=actor(world.users["authority"]),
        enterprise=world.ent_a,
        kind=kind,
        occurred_on=timezone.localdate() - timedelta(days=400),
        reference=reference,
    )


def index_input(world) -> tuple[int, float]:
    """What the index's level_score and level_share sources read for ent_a this quarter."""
    rows = levels_as_of([quarter_label()])
    row = rows[rows["enterprise"] == world.ent_a.pk].iloc[0]
    return int(row["level"]), float(row["score"])


def test_penalty_answered_not_met_caps_at_l2_instead_of_level_0(world, fw):
    # the new user's case: everything fully met except "no administrative penalty" (D4.06.L1)
    a = self_assessment(world, penalty="none")
    assert (a.result["uncapped_level"], a.level) == (5, 2)  # was level 0
    assert a.score == Decimal("2.9999") and math.floor(a.score) == a.level
    assert a.result["score"] == 2.9999 and a.result["uncapped_score"] == 5.0
    assert a.result["gates"] == [
        {
            "kind": "published_penalty",
            "cap": 2,
            "occurred_on": None,
            "reference": PENALTY,
            "requirement": PENALTY,
        }
    ]
    # the penalty question is not scored as an L1 practice: D4 at L1 is D4.01 alone
    assert a.result["dimension_level_scores"]["D4"]["1"] == 1.0
    assert PENALTY not in {g[0] for g in a.result["gaps"]}


def test_penalty_fully_met_and_no_record_is_level_5(world, fw):
    a = self_assessment(world)
    assert (a.level, a.score, a.result["gates"]) == (5, Decimal("5.0000"), [])


@pytest.mark.parametrize(
    ("kind", "level", "score"),
    [
        ("serious_incident", 2, "2.9999"),
        ("published_penalty", 2, "2.9999"),
        ("dishonesty_list", 1, "1.9999"),
    ],
)
def test_each_recorded_gate_caps_the_published_level_score_and_index_input(
    world, onsite, kind, level, score
):
    gate(world, kind)
    r = published(world, onsite)
    assert (r.uncapped_level, r.level, r.score) == (5, level, Decimal(score))
    assert r.detail["score"] == float(score) and r.detail["uncapped_score"] == 5.0
    assert [g["reference"] for g in r.detail["gates"]] == ["浙质罚〔2025〕12号"]
    # the index reads the stored S, and floor(S) is the level it reads beside it
    assert index_input(world) == (level, float(score))
    assert math.floor(index_input(world)[1]) == index_input(world)[0]


def test_recorded_and_declared_penalty_counts_once_on_site(world, onsite):
    gate(world, "published_penalty")
    r = published(world, onsite, penalty="none")
    assert (r.level, r.score) == (2, Decimal("2.9999"))
    assert [(g["kind"], g["reference"]) for g in r.detail["gates"]] == [
        ("published_penalty", "浙质罚〔2025〕12号")
    ]
    assert index_input(world) == (2, 2.9999)


def test_report_says_the_penalty_was_declared_in_the_answer(world, fw, client_for):
    a = self_assessment(world, penalty="none")
    c = client_for("enterprise")
    for lang, text in (
        ("en", "declared in the answer to D4.06.L1"),
        ("zh-hans", "由 D4.06.L1 的回答申报"),
    ):
        with translation.override(lang):
            page = c.get(f"/evaluation/self/{a.pk}/report/?lang={lang}").content.decode()
        assert text in page
        # S is shown cut to two places: 2.99 beside L2, not 3.00 (which would read as L3)
        assert 'data-testid="score">2.99<' in page


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2.9999"), "2.99"),
        (2.8, "2.80"),
        (Decimal("5.0000"), "5.00"),
        (0, "0.00"),
        (None, "—"),
    ],
)
def test_score_is_cut_not_rounded_on_every_page(value, shown):
    from qualitas.evaluation.templatetags.evaluation import score_s

    assert score_s(value) == shown


HINT = {
    "en": (
        "Not scored: answered other than fully met, this counts as the fact of the gating rule "
        "and the level is capped at L2 Inspection."
    ),
    "zh-hans": "不计分：回答非“完全符合”即视为存在该限级规则所指的事实，等级最高为 L2 检验级。",
}


def test_questionnaire_and_scoring_form_say_what_the_penalty_answer_does(world, onsite, client_for):
    a = services.assessment_start(actor=actor(world.users["enterprise"]))
    ent, evaluator = client_for("enterprise"), client_for("evaluator")
    for lang, text in HINT.items():
        with translation.override(lang):
            q = ent.get(f"/evaluation/self/{a.pk}/?dim=D4&lang={lang}").content.decode()
            s = evaluator.get(
                f"/evaluation/assignments/{onsite.assignment.pk}/score/?dim=D4&lang={lang}"
            ).content.decode()
        for body in (q, s):
            assert body.count('data-testid="gate-hint"') == 1 and text in body
