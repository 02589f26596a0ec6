"""Quality-record providers: each app contributes through ``core.providers``; readers know no source app.

The readers (the index's indicators, the evaluation's evidence panel, the registry's profile,
and later the one search and the credit rating) call ``core.providers.collect_*``; these tests
check what each kind yields for an enterprise with demo-like records, that public kinds carry
published facts only, and that the rewritten readers no longer reach into other apps' models.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from qualitas.core import providers

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "qualitas"
DOMAIN_APPS = ("registry", "evaluation", "diagnosis", "index")


def _imported_apps(source: str) -> set[str]:
    """The qualitas apps a module imports (``qualitas.<app>…``), and whether it calls ``apps.get_model``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.Attribute) and node.attr == "get_model":
            found.add("apps.get_model")
            continue
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "qualitas" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize(
    ("module", "own_app"),
    [("index/indicators.py", "index"), ("evaluation/evidence.py", "evaluation")],
)
def test_readers_know_no_source_app(module: str, own_app: str) -> None:
    used = _imported_apps((PACKAGE / module).read_text(encoding="utf-8"))
    strangers = used & ({"apps.get_model"} | set(DOMAIN_APPS) - {own_app})
    assert not strangers, f"{module} reads {sorted(strangers)}: go through core.providers"


def test_the_import_check_sees_cross_app_reads() -> None:
    source = (
        "from django.apps import apps\n"
        "from qualitas.diagnosis.models import Alert\n"
        "R = apps.get_model('evaluation', 'Result')\n"
    )
    assert _imported_apps(source) == {"diagnosis", "apps.get_model"}
    assert _imported_apps("from qualitas.core.providers import collect_evidence\n") == {"core"}


def test_indicators_come_from_their_apps_in_registration_order() -> None:
    from qualitas.index.indicators import INDICATORS, default_indicator_spec

    sources = providers.indicator_sources()
    assert list(sources) == [
        "level_share",
        "level_score",
        "capability",
        "open_alerts",
        "recalls",
        "spot_check_pass_rate",
        "complaint_problem_share",
        "graded_share",
    ]
    assert {k: s.source_app for k, s in sources.items()} == {
        "level_share": "evaluation",
        "level_score": "evaluation",
        "capability": "diagnosis",
        "open_alerts": "diagnosis",
        "recalls": "traceability",
        "spot_check_pass_rate": "supervision",
        "complaint_problem_share": "complaints",
        "graded_share": "standards",
    }
    assert list(INDICATORS) == list(sources) and INDICATORS["capability"] is sources["capability"]
    assert [(i["key"], i["weight"]) for i in default_indicator_spec()] == [
        ("level_share", 0.3),
        ("level_score", 0.3),
        ("capability", 0.2),
        ("open_alerts", 0.2),
    ]  # recalls, spot_check_pass_rate and complaint_problem_share are offered, not in the
    # default list (in_default=False)


def test_an_indicator_key_is_registered_once() -> None:
    existing = providers.indicator_sources()["capability"]
    clash = providers.IndicatorSource(
        key="capability",
        label="x",
        description="x",
        unit="share",
        higher_is_better=True,
        normalisation="ratio",
        weight=1.0,
        source_app="elsewhere",
        source=lambda quarters: providers.empty_indicator_frame(),
    )
    with pytest.raises(ValueError, match="already registered"):
        providers.indicator_source(clash)
    assert providers.indicator_sources()["capability"] is existing


def test_quarter_end() -> None:
    from datetime import date

    assert [providers.quarter_end(q) for q in ("2025Q1", "2025Q2", "2025Q3", "2025Q4")] == [
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
    ]
    empty = providers.empty_indicator_frame()
    assert list(empty.columns) == list(providers.INDICATOR_COLUMNS) and empty.empty


# --------------------------------------------------------------------------------------------
# evidence


@pytest.mark.django_db
def test_evidence_is_offered_by_diagnosis_and_mapped_to_requirements(world, monkeypatch) -> None:
    from django.utils import translation

    from qualitas.diagnosis.models import Characteristic, Study
    from qualitas.evaluation.evidence import platform_evidence

    Characteristic.objects.create(enterprise=world.ent_a, name="厚度", unit="mm", monitored=True)
    Study.objects.create(enterprise=world.ent_a, kind="pareto", title="缺陷排列图")
    offers = providers.collect_evidence(world.ent_a.pk)
    assert {(o.topic, o.source_app) for o in offers} == {
        ("monitoring", "diagnosis"),
        ("pareto", "diagnosis"),
    }
    assert providers.collect_evidence(world.ent_b.pk) == []

    # a later app offering the same topic, and one naming its own requirement
    def recalls(enterprise_id: int) -> list[providers.EvidenceOffer]:
        return [
            providers.EvidenceOffer(
                topic="monitoring", text="Recall drills: 2", source_app="registry"
            ),
            providers.EvidenceOffer(
                topic="recalls",
                text="Recalls closed in time: 1",
                source_app="registry",
                requirement_codes=("D3.01.L3",),
            ),
        ]

    monkeypatch.setattr(providers._REGISTRY, "evidence", [*providers._REGISTRY.evidence, recalls])
    with translation.override("en"):
        by_code = platform_evidence(world.ent_a.pk)
    assert [(o["key"], o["source"]) for o in by_code["D2.02.L4"]] == [
        ("monitoring", "Problem diagnosis"),
        ("registry:monitoring", "Registry"),
    ]
    assert by_code["D1.09.L3"][0]["text"] == "Pareto analyses run on the platform: 1"
    assert [o["key"] for o in by_code["D3.01.L3"]] == ["recalls"]
    assert "D1.04.L4" not in by_code  # no Gage R&R study: nothing offered


# --------------------------------------------------------------------------------------------
# profile, search and credit for an enterprise with demo-like records

CERT = "QC2025TEST0001"


@pytest.fixture
def records(world):  # noqa: ANN001, ANN201
    """``ent_a`` with a published L4 result and a draft that would say L5, three monitored
    characteristics, a capability summary, one open and one closed alert; ``ent_b`` with an
    approved (unpublished) result only."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from qualitas.diagnosis.models import Alert, CapabilitySummary, Characteristic
    from qualitas.evaluation.models import Framework, Result

    fw = Framework.objects.first()
    assert fw is not None
    today = timezone.localdate()
    common = {"framework": fw, "evaluated_on": today - timedelta(days=30)}
    Result.objects.create(
        enterprise=world.ent_a,
        status="published",
        level=4,
        uncapped_level=4,
        score=Decimal("4.25"),
        dimension_scores={"D1": 0.8312, "D2": 0.6401},
        certificate_code=CERT,
        valid_until=today + timedelta(days=3 * 365),
        published_at=timezone.now(),
        series=1,
        **common,
    )
    Result.objects.create(
        enterprise=world.ent_a,
        status="draft",
        level=5,
        uncapped_level=5,
        score=Decimal("5"),
        **common,
    )
    Result.objects.create(
        enterprise=world.ent_b,
        status="approved",
        level=3,
        uncapped_level=3,
        score=Decimal("3.5"),
        dimension_scores={"D1": 0.7},
        certificate_code="QC2025TEST0002",
        **common,
    )
    chars = [
        Characteristic.objects.create(
            enterprise=world.ent_a, name=f"厚度{k}", unit="mm", monitored=True
        )
        for k in range(3)
    ]
    now = timezone.now()
    CapabilitySummary.objects.create(
        enterprise=world.ent_a,
        computed_at=now - timedelta(days=2),
        window_start=now - timedelta(days=92),
        window_end=now - timedelta(days=2),
        monitored=3,
        assessed=3,
        capable=2,
        below_one=0,
        share_capable=2 / 3,
        median_cpk=1.41,
    )
    for closed in (None, now - timedelta(days=1)):
        Alert.objects.create(
            characteristic=chars[0],
            rule="R1",
            opened_at=now - timedelta(days=5),
            last_at=now - timedelta(days=5),
            status="open" if closed is None else "closed",
            closed_at=closed,
        )
    return world


def _facts(section: providers.ProfileSection) -> dict[str, object]:
    return {str(f.label): f.value for f in section.facts}


@pytest.mark.django_db
def test_profile_sections_public_and_private(records) -> None:
    from django.utils import translation

    with translation.override("en"):
        public = providers.collect_profile(enterprise_id=records.ent_a.pk, public=True)
        assert [s.key for s in public] == ["evaluation.level"]
        level = _facts(public[0])
        assert str(level["Level"]) == "L4 Prevention" and level["Certificate code"] == CERT
        assert level["Valid until"] is not None and public[0].url == f"/verify/{CERT}/"
        # nothing private in public sections: no dimension scores, no diagnosis facts
        flat = " ".join(f"{f.label} {f.value}" for s in public for f in s.facts)
        assert "83%" not in flat and "Cpk" not in flat and "alert" not in flat.lower()

        private = providers.collect_profile(enterprise_id=records.ent_a.pk, public=False)
        by_key = {s.key: s for s in private}
        assert list(by_key) == ["evaluation.level", "evaluation.dimensions", "diagnosis.capability"]
        dims = by_key["evaluation.dimensions"]
        assert not dims.public and dims.scope == "capability"
        assert [f.value for f in dims.facts] == ["83%", "64%"]
        diag = by_key["diagnosis.capability"]
        assert not diag.public and diag.scope == "quality_data"
        facts = _facts(diag)
        assert facts["Monitored characteristics"] == 3
        assert facts["Characteristics with Cpk ≥ 1.33"] == "2 of 3 assessed"
        assert facts["Median Cpk"] == "1.41" and facts["Open alerts"] == 1


@pytest.mark.django_db
def test_an_unpublished_result_yields_no_public_section_or_document(records) -> None:
    assert providers.collect_profile(enterprise_id=records.ent_b.pk, public=True) == []
    assert providers.collect_profile(enterprise_id=records.ent_b.pk, public=False) == []
    results = [d for d in providers.collect_search() if d.kind == "result"]
    assert [(d.key, d.enterprise_id) for d in results] == [(CERT, records.ent_a.pk)]
    assert "QC2025TEST0002" not in " ".join(d.text for d in providers.collect_search())


@pytest.mark.django_db
def test_search_documents(records) -> None:
    from django.urls import reverse
    from django.utils import translation

    docs = list(providers.collect_search())
    enterprises = {d.key: d for d in docs if d.kind == "enterprise"}
    a = records.ent_a
    assert set(enterprises) == {e.credit_code for e in (a, records.ent_b, records.ent_c)}
    doc = enterprises[a.credit_code]
    assert doc.url == reverse("registry:profile", args=[a.pk])
    assert (doc.enterprise_id, doc.region_code, doc.industry_code) == (a.pk, "330100", "C38")
    assert "锂离子电池A1" in doc.text and "Li-ion battery A1" in doc.text
    with translation.override("en"):
        assert str(doc.title) == "Hangzhou Hengxin Battery Co., Ltd."
    with translation.override("zh-hans"):
        assert str(doc.title) == "杭州恒信电池有限公司"
    (result,) = [d for d in docs if d.kind == "result"]
    assert result.url == f"/verify/{CERT}/" and result.published_at is not None
    assert CERT in result.text and a.credit_code in result.text


@pytest.mark.django_db
def test_a_corrected_result_is_one_document(records) -> None:
    from qualitas.evaluation.models import Result

    first = Result.objects.get(certificate_code=CERT)
    Result.objects.create(
        enterprise=first.enterprise,
        framework=first.framework,
        status="published",
        level=3,
        uncapped_level=3,
        score=first.score,
        evaluated_on=first.evaluated_on,
        valid_until=first.valid_until,
        certificate_code="QC2025TEST0003",
        series=first.series,
        version=2,
    )
    assert [d.key for d in providers.collect_search() if d.kind == "result"] == ["QC2025TEST0003"]
    (section,) = providers.collect_profile(enterprise_id=first.enterprise_id, public=True)
    assert [f.value for f in section.facts if f.url] == ["QC2025TEST0003"]


@pytest.mark.django_db
def test_credit_factors(records) -> None:
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    factors = {f.key: f for f in providers.collect_credit(records.ent_a.pk, today)}
    assert set(factors) == {
        "capability_level",
        "capability_summary",
        "recall_record",
        "spot_checks",
        "complaints",
        "penalties_lists",
        "supplier_lot_acceptance",
        "product_grades",
        "brand_standing",
    }
    assert factors["recall_record"].value == 1.0  # no published recall
    assert factors["spot_checks"].value is None  # no published spot-check
    level = factors["capability_level"]
    assert (level.source_app, level.value) == ("evaluation", 0.8) and CERT in str(level.explanation)
    summary = factors["capability_summary"]
    assert summary.source_app == "diagnosis" and summary.value == pytest.approx(2 / 3)
    assert "1.41" in str(summary.explanation)
    # before the evaluation and the summary: no data, said so
    earlier = {
        f.key: f for f in providers.collect_credit(records.ent_a.pk, today - timedelta(days=60))
    }
    assert earlier["capability_level"].value is None and earlier["capability_summary"].value is None
    # an approved, unpublished result does not count
    assert {f.key: f.value for f in providers.collect_credit(records.ent_b.pk, today)} == {
        "capability_level": None,
        "capability_summary": None,
        "recall_record": 1.0,
        "spot_checks": None,
        "complaints": None,
        "penalties_lists": 1.0,
        "supplier_lot_acceptance": None,
        "product_grades": None,
        "brand_standing": None,
    }


# --------------------------------------------------------------------------------------------
# the registry's profile page shows the sections each viewer may see


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "private"),
    [
        ("public", False),
        ("other_enterprise", False),
        ("evaluator", False),
        ("enterprise", True),
        ("authority", True),
        ("admin", True),
    ],
)
def test_profile_page_sections_by_role(records, client_for, role: str, private: bool) -> None:
    c = client_for(role)
    c.cookies["django_language"] = "en"
    page = c.get(f"/enterprises/{records.ent_a.pk}/").content.decode()
    assert 'data-testid="section-evaluation.level"' in page and CERT in page
    assert ('data-testid="section-evaluation.dimensions"' in page) is private
    assert ('data-testid="section-diagnosis.capability"' in page) is private
    assert ("83%" in page) is private and ("1.41" in page) is private


@pytest.mark.django_db
def test_profile_page_private_section_by_consent_scope(records, client_for) -> None:
    from qualitas.core.models import Consent

    Consent.objects.create(
        enterprise=records.ent_a, grantee_enterprise=records.ent_c, scope="capability"
    )
    c = client_for("other_enterprise")
    page = c.get(f"/enterprises/{records.ent_a.pk}/").content.decode()
    assert 'data-testid="section-evaluation.dimensions"' in page  # consented: capability
    assert 'data-testid="section-diagnosis.capability"' not in page  # not consented: quality data
    # an enterprise without a published result shows no level section, to anyone
    other = client_for("admin").get(f"/enterprises/{records.ent_b.pk}/").content.decode()
    assert "section-evaluation" not in other and "QC2025TEST0002" not in other


@pytest.mark.django_db
def test_profile_queries_do_not_grow_with_the_records(records, django_assert_num_queries) -> None:
    from django.utils import timezone

    from qualitas.diagnosis.models import Alert, Characteristic

    # evaluation: the result in force, its dimension names; diagnosis: the counts, the summary;
    # traceability: the published recalls, one aggregate; supervision: the published spot-checks;
    # credit: the current rating, the records in publicity, the list entries; standards: products
    # with declarations and grades; brands: the published brands it owns or belongs to
    with django_assert_num_queries(11):
        providers.collect_profile(enterprise_id=records.ent_a.pk, public=False)
    now = timezone.now()
    for k in range(5):
        ch = Characteristic.objects.create(
            enterprise=records.ent_a, name=f"直径{k}", unit="mm", monitored=True
        )
        Alert.objects.create(characteristic=ch, rule="R2", opened_at=now, last_at=now)
    with django_assert_num_queries(11):
        sections = providers.collect_profile(enterprise_id=records.ent_a.pk, public=False)
    assert [f.value for f in sections[-1].facts][0] == 8 and sections[-1].facts[-1].value == 6
    with django_assert_num_queries(
        8
    ):  # the public: the result in force, the recalls, the spot-checks, credit's three, standards'
        # one, brands' one
        providers.collect_profile(enterprise_id=records.ent_a.pk, public=True)


@pytest.mark.django_db
def test_profile_sections_in_chinese(records, client_for) -> None:
    c = client_for("enterprise")
    c.cookies["django_language"] = "zh-hans"
    page = c.get(f"/enterprises/{records.ent_a.pk}/").content.decode()
    assert "能力等级" in page and "证书编号" in page and "各维度得分" in page
    assert "过程监控与过程能力" in page and "已评估 3 个，其中 2 个" in page


@pytest.mark.django_db
def test_headline_and_supervision_figures(records) -> None:
    """The home page's public totals come from the registry; the index dashboard's level targets
    from evaluation — both through the registry of providers, with no import between apps."""
    from qualitas.core.access import Actor
    from qualitas.core.choices import Role

    head = providers.collect_headline()
    assert head["enterprises"] == 3 and head["institutions"] >= 0
    admin = Actor(user=None, role=Role.ADMIN)
    progress = providers.collect_supervision("level_targets", admin)
    reached = {row["level"]: row["done"] for row in progress["national"]}
    assert (
        reached[4] == 1
    )  # ent_a's published L4; the draft L5 and ent_b's approved result don't count
    assert providers.collect_supervision("no_such_figures", admin) is None


def test_trailing_share_frame_counts_the_window_up_to_each_quarter_end():
    """Shared by supervision's pass rate and standards' graded share: per enterprise and
    quarter, rows of the trailing window (den) and hits (num); aware datetimes by UTC date."""
    from datetime import UTC, date, datetime

    from qualitas.core.providers import trailing_share_frame

    rows = [
        (1, date(2025, 1, 10), "pass"),
        (1, date(2025, 5, 1), "fail"),
        (1, datetime(2025, 6, 30, 15, 0, tzinfo=UTC), "pass"),  # in Q2 by its UTC date
        (2, date(2024, 3, 31), "pass"),  # 365 days before Q1's end: just outside
        (2, date(2024, 4, 1), "fail"),
    ]
    f = trailing_share_frame(rows, ["2025Q1", "2025Q2"], days=365, hit=lambda v: v == "pass")
    got = {(r.enterprise, r.quarter): (r.num, r.den) for r in f.itertuples()}
    assert got == {(1, "2025Q1"): (1.0, 1), (1, "2025Q2"): (2.0, 3), (2, "2025Q1"): (0.0, 1)}
    assert trailing_share_frame([], ["2025Q1"], days=365, hit=bool).empty
