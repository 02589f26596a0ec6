"""The typical-case library: a case's workflow (draft → published → withdrawn, officers of its
region only), refusals naming the field and row, full-text search in Chinese and English with
filters, and the suggestion rules on constructed cases (suggested and not suggested)."""

from __future__ import annotations

import pytest
from django.utils import translation

from qualitas.core.access import NotFound, actor_for
from qualitas.core.providers import (
    PROBLEM_EVALUATION_GAP,
    PROBLEM_LOW_CAPABILITY,
    PROBLEM_SPOT_CHECK_FAILURE,
    SuggestionContext,
    collect_search,
    collect_suggestions,
)
from qualitas.registers import selectors, services
from qualitas.registers.models import TypicalCase
from tests.registers.factories import CASE_FIGURES, case_data, make_case

pytestmark = pytest.mark.django_db


def _names(qs):
    return {c.name_zh for c in qs}


# --- workflow --------------------------------------------------------------------------------


def test_draft_is_kept_from_the_public_until_published_then_withdrawn(world, client, client_for):
    case = make_case(world, publish=False)
    assert case.status == "draft" and not selectors.published_cases()
    assert client.get(f"/registers/cases/{case.pk}/").status_code == 404
    assert client_for("authority").get(f"/registers/cases/{case.pk}/").status_code == 200
    assert not [d for d in collect_search() if d.kind == "case"]

    officer = client_for("authority")
    officer.post(f"/registers/cases/{case.pk}/", {"action": "publish"})
    case.refresh_from_db()
    assert case.status == "published" and case.published_at is not None
    page = client.get("/registers/cases/").content.decode()
    assert "锂电池极片涂布厚度过程能力提升" in page
    docs = [d for d in collect_search() if d.kind == "case"]
    assert [(d.key, d.industry_code, d.url) for d in docs] == [
        (str(case.pk), "C384", f"/registers/cases/{case.pk}/")
    ]

    officer.post(f"/registers/cases/{case.pk}/", {"action": "withdraw"})
    case.refresh_from_db()
    assert case.status == "withdrawn"
    assert client.get(f"/registers/cases/{case.pk}/").status_code == 404


def test_publishing_twice_is_refused(world):
    case = make_case(world)
    with pytest.raises(services.RegisterError) as err:
        services.case_publish(actor=actor_for(world.users["authority"]), case=case)
    assert err.value.field == "status"


def test_only_the_officer_of_the_region_keeps_a_case(world, client_for):
    case = make_case(world, publish=False)
    for role in ("enterprise", "evaluator", "partner"):
        with pytest.raises(NotFound):
            services.case_publish(actor=actor_for(world.users[role]), case=case)
        assert (
            client_for(role).post(f"/registers/cases/{case.pk}/", {"action": "publish"}).status_code
            == 404
        )
    case.refresh_from_db()
    assert case.status == "draft"
    services.case_publish(actor=actor_for(world.users["admin"]), case=case)


@pytest.mark.parametrize(
    ("over", "figures", "topics", "field", "row", "message"),
    [
        (
            {"industry": "X99"},
            None,
            None,
            "industry",
            None,
            "Unknown industry X99 (GB/T 4754 code, e.g. C38).",
        ),
        ({"case_type": "story"}, None, None, "case_type", None, "Choose the type of the case."),
        (
            {"region": "440300"},
            None,
            None,
            "region",
            None,
            "Region 440300 is outside the regions you keep.",
        ),
        (
            {"measures": " "},
            None,
            None,
            "measures",
            None,
            "The description of the measures is required.",
        ),
        (
            {"enterprise": "91330100MA0000000X"},
            None,
            None,
            "enterprise",
            None,
            "No enterprise has the credit code 91330100MA0000000X.",
        ),
        ({}, [], None, "figures", None, "Give at least one key figure of the results."),
        (
            {},
            [CASE_FIGURES[0], {"label_zh": "返工率", "after": "低"}],
            None,
            "figures",
            2,
            "Figure 2 (返工率): 低 is not a number.",
        ),
        (
            {},
            None,
            [{"problem": "bad_luck", "detail": ""}],
            "topics",
            1,
            "Problem 1: bad_luck is not one of low_capability, evaluation_gap, spot_check_failure.",
        ),
    ],
)
def test_refusals_name_the_field_and_row(world, over, figures, topics, field, row, message):
    with pytest.raises(services.RegisterError) as err:
        services.case_save(
            actor=actor_for(world.users["authority"]),
            data=case_data(**over),
            figures=CASE_FIGURES if figures is None else figures,
            topics=topics or [],
        )
    assert (err.value.field, err.value.row) == (field, row)
    with translation.override("en"):
        assert str(err.value) == message
    assert not TypicalCase.objects.exists()


def test_edit_keeps_figures_and_rebuilds_the_tokens(world, client_for):
    case = make_case(world, publish=False)
    officer = client_for("authority")
    form = officer.get(f"/registers/desk/cases/{case.pk}/edit/").context["form"]
    data = dict(form.initial)
    assert data["figures"].splitlines()[0] == "涂布厚度Cpk | 0.92 | 1.45 |  | Coating thickness Cpk"
    data["name_zh"] = "电芯注液量一致性改进"
    r = officer.post(f"/registers/desk/cases/{case.pk}/edit/", data)
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.figures.count() == 2 and " 注液 " in case.search_tokens


# --- search ----------------------------------------------------------------------------------


def test_search_in_chinese_and_english(world):
    make_case(world)
    make_case(
        world,
        name_zh="电机绕组绝缘可靠性提升",
        name_en="Insulation reliability of motor windings",
        case_type="reliability",
        industry="C381",
        problem="湿热环境下绝缘电阻下降。",
        measures="改进浸漆工艺，增加湿热试验。",
        results="返修率下降。",
        summary_en="Vacuum impregnation and damp-heat sampling; a Weibull fit of field failures.",
        figures=[{"label_zh": "绝缘电阻合格率", "before": "95.1", "after": "99.6", "unit": "%"}],
    )
    coat, motor = "锂电池极片涂布厚度过程能力提升", "电机绕组绝缘可靠性提升"
    assert _names(selectors.published_cases(q="涂布厚度")) == {coat}
    assert _names(selectors.published_cases(q="湿热试验")) == {motor}
    assert _names(selectors.published_cases(q="Weibull")) == {motor}
    assert _names(selectors.published_cases(q="coating thickness")) == {coat}
    assert _names(selectors.published_cases(q="返工率")) == {coat}  # a figure's name
    # 测厚 and 厚度 both occur in the first case, the phrase 测厚度 nowhere: no false hit
    assert _names(selectors.published_cases(q="测厚度")) == set()
    assert _names(selectors.published_cases(q="insulation coating")) == set()
    assert _names(selectors.published_cases(industry="C38")) == {coat, motor}
    assert _names(selectors.published_cases(industry="C384")) == {coat}
    assert _names(selectors.published_cases(case_type="reliability")) == {motor}


def test_search_page_and_api(world, client):
    make_case(world)
    page = client.get("/registers/cases/", {"q": "控制图", "case_type": "improvement"})
    assert "锂电池极片涂布厚度过程能力提升" in page.content.decode()
    page = client.get("/registers/cases/", {"q": "控制图", "case_type": "brand"})
    assert "锂电池极片涂布厚度过程能力提升" not in page.content.decode()
    rows = client.get("/api/registers/cases", {"q": "thickness", "industry": "C38"}).json()
    assert [r["name_en"] for r in rows] == ["Raising the capability of electrode coating thickness"]
    assert rows[0]["figures"][1] == {
        "label_zh": "返工率",
        "label_en": "Rework rate",
        "before": 3.8,
        "after": 0.9,
        "unit": "%",
    }


# --- suggestions -----------------------------------------------------------------------------


@pytest.fixture
def library(world):
    """Constructed cases: the suggestion rules decide which fit which problem."""
    return {
        "same": make_case(world, name_zh="同组尺寸能力", industry="C384"),
        "division": make_case(world, name_zh="同大类尺寸能力", industry="C381"),
        "section_same_detail": make_case(world, name_zh="同门类尺寸能力", industry="C34"),
        "section_open": make_case(
            world, name_zh="同门类笼统能力", industry="C36", topics=("low_capability",)
        ),
        "other_section": make_case(world, name_zh="异门类尺寸能力", industry="D"),
        "other_detail": make_case(
            world, name_zh="同组其他特性", industry="C384", topics=("low_capability:insulation",)
        ),
        "other_kind": make_case(
            world, name_zh="同组评价短板", industry="C384", topics=("evaluation_gap:brand",)
        ),
        "draft": make_case(world, name_zh="同组草稿", industry="C384", publish=False),
    }


def test_low_capability_suggestions_follow_the_rules(library):
    ctx = SuggestionContext(
        industry_code="C384", problem=PROBLEM_LOW_CAPABILITY, detail="Dimension"
    )
    with translation.override("en"):
        found = selectors.suggest_cases(ctx, limit=10)
        assert [(s.case.name_zh, s.score) for s in found] == [
            ("同组尺寸能力", 35),
            ("同大类尺寸能力", 25),
            ("同门类尺寸能力", 15),
        ]
        assert found[0].reason == (
            "Same industry (C384 Manufacture of batteries); "
            "helps with Low process capability: dimension"
        )
        assert found[1].reason.startswith("Same industry division (C381 ")
        assert found[2].reason.startswith("Same industry section (C34 ")
    with translation.override("zh-hans"):
        assert selectors.suggest_cases(ctx)[0].reason.startswith("同一行业（C384 电池制造）")


def test_without_detail_open_topics_fit_and_section_alone_does_not(library):
    found = selectors.suggest_cases(
        SuggestionContext(industry_code="C38", problem=PROBLEM_LOW_CAPABILITY), limit=10
    )
    # C38 contains C384 and C381 (score 30); a topic of another detail fits an open problem;
    # same section alone (C34, C36) without a named detail on both sides is not enough
    assert {s.case.name_zh for s in found} == {"同组尺寸能力", "同大类尺寸能力", "同组其他特性"}


def test_other_problem_kinds_and_spot_checks(world, library):
    make_case(
        world, name_zh="移动电源抽查整改", industry="C39", topics=("spot_check_failure:移动电源",)
    )
    gap = selectors.suggest_cases(
        SuggestionContext(industry_code="C384", problem=PROBLEM_EVALUATION_GAP, detail="brand")
    )
    assert [s.case.name_zh for s in gap] == ["同组评价短板"]
    spot = selectors.suggest_cases(
        SuggestionContext(
            industry_code="C396", problem=PROBLEM_SPOT_CHECK_FAILURE, detail="移动电源"
        )
    )
    assert [s.case.name_zh for s in spot] == ["移动电源抽查整改"]
    assert not selectors.suggest_cases(
        SuggestionContext(industry_code="C396", problem=PROBLEM_SPOT_CHECK_FAILURE, detail="电线")
    )
    assert not selectors.suggest_cases(SuggestionContext(industry_code="", problem="x"))


def test_other_apps_reach_suggestions_through_core_providers(library):
    found = collect_suggestions(
        SuggestionContext(industry_code="C384", problem=PROBLEM_LOW_CAPABILITY, detail="dimension"),
        limit=2,
    )
    assert [(s.kind, str(s.title), s.score) for s in found] == [
        ("case", "同组尺寸能力", 35),
        ("case", "同大类尺寸能力", 25),
    ]
    assert found[0].url == f"/registers/cases/{library['same'].pk}/"


def test_enterprise_sees_suggestions_for_its_own_industry(library, client, client_for):
    # the world's enterprise user belongs to an enterprise of industry C38
    page = client_for("enterprise").get("/registers/cases/").content.decode()
    assert 'data-testid="case-suggestions"' in page and "同组尺寸能力" in page
    assert 'data-testid="case-suggestions"' not in client.get("/registers/cases/").content.decode()
    page = client.get(
        "/registers/cases/",
        {"industry": "C384", "problem": "low_capability", "detail": "dimension"},
    ).content.decode()
    assert page.count('data-testid="suggestion"') == 3
    rows = client.get(
        "/api/registers/cases/suggestions",
        {"industry": "C384", "problem": "evaluation_gap", "detail": "brand"},
    ).json()
    assert [(r["case"]["name_zh"], r["score"]) for r in rows] == [("同组评价短板", 35)]
