"""Product quality grading on hand-worked cases from the reference data (read in place)."""

from __future__ import annotations

import csv
import re
from datetime import timedelta
from decimal import Decimal as D

import pytest

from qualitas.core.access import actor_for
from qualitas.standards import services
from qualitas.standards.ranking import Gate, Graded, grade
from qualitas.standards.services import SchemeIndicatorInput, StandardsError


def _row(reference_dir, standard: str) -> dict[str, str]:
    path = reference_dir / "domain" / "grading_gbt44164.csv"
    with path.open(encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f) if r["standard"].startswith(standard))


@pytest.fixture
def down(reference_dir):
    """Down grading by fill power: 'A >12.0 cm; 2A >14.0 cm; …; 5A >20.0 cm' (strictly above)."""
    text = _row(reference_dir, "羽绒分级标准")["example_indicators"]
    thresholds = {g: D(v) for g, v in re.findall(r"(\d?A) >(\d+\.\d+) cm", text)}
    assert thresholds == {
        "A": D("12.0"),
        "2A": D("14.0"),
        "3A": D("16.0"),
        "4A": D("18.0"),
        "5A": D("20.0"),
    }
    grades = ["5A", "4A", "3A", "2A", "A"]
    # GB/T 14272-2021: a down garment has a down-cluster content above 50 %
    gates = [Gate(key="down_cluster", comparison="gt", limit=D(50))]
    return grades, gates, [Graded(key="fill_power", comparison="gt", thresholds=thresholds)]


@pytest.mark.parametrize(
    ("fill_power", "expected"),
    [
        ("11.9", None),
        ("12.0", None),  # not above A's 12.0: qualified, not graded
        ("12.1", "A"),
        ("14.0", "A"),
        ("14.1", "2A"),
        ("16.0", "2A"),
        ("16.1", "3A"),
        ("18.1", "4A"),
        ("20.0", "4A"),
        ("20.1", "5A"),
    ],
)
def test_down_grade_at_every_threshold(down, fill_power, expected) -> None:
    grades, gates, graded = down
    out = grade(
        {"fill_power": D(fill_power), "down_cluster": D(90)},
        grades=grades,
        gates=gates,
        graded=graded,
    )
    assert (out.qualified, out.grade) == (True, expected)


def test_a_failing_safety_indicator_means_no_grade(down) -> None:
    grades, gates, graded = down
    out = grade(
        {"fill_power": D("21"), "down_cluster": D(50)}, grades=grades, gates=gates, graded=graded
    )
    assert (out.qualified, out.grade, out.failed_gates) == (False, None, ["down_cluster"])


@pytest.fixture
def toilets(reference_dir):
    """T/CZGX 001-2022: 领先 / 优等 / 合格; average flush ≤4.0 / ≤5.0 / ≤5.6 L; full flush max
    ≤5.0 / ≤6.0 / ≤7.0 L."""
    row = _row(reference_dir, "T/CZGX 001-2022")
    grades = [g.strip() for g in row["grades"].split("(")[0].split("/")]
    assert grades == ["领先", "优等", "合格"]
    avg, full = (
        [D(v) for v in re.findall(r"≤(\d+\.\d+)", part)]
        for part in row["example_indicators"].split(";")[:2]
    )
    assert (avg, full) == ([D("4.0"), D("5.0"), D("5.6")], [D("5.0"), D("6.0"), D("7.0")])
    return grades, [
        Graded(key="avg_flush", comparison="le", thresholds=dict(zip(grades, avg, strict=True))),
        Graded(key="full_flush", comparison="le", thresholds=dict(zip(grades, full, strict=True))),
    ]


@pytest.mark.parametrize(
    ("avg", "full", "expected", "limiting"),
    [
        ("4.0", "5.0", "领先", ["avg_flush", "full_flush"]),  # at the threshold: met (≤)
        ("3.9", "5.5", "优等", ["full_flush"]),  # the weaker indicator caps the grade
        ("5.6", "4.0", "合格", ["avg_flush"]),
        ("5.7", "4.0", None, ["avg_flush"]),  # above the pass line: not graded
    ],
)
def test_smart_toilet_grade_is_the_lowest_indicator_grade(
    toilets, avg, full, expected, limiting
) -> None:
    grades, graded = toilets
    out = grade(
        {"avg_flush": D(avg), "full_flush": D(full)}, grades=grades, gates=[], graded=graded
    )
    assert (out.grade, out.limiting) == (expected, limiting)


def _scheme(world):
    return services.scheme_create(
        actor=actor_for(world.users["admin"]),
        code="down-jacket",
        category="锂离子电池",  # the world's products; the scheme's category must match
        title_zh="羽绒服质量分级",
        title_en="Down garment quality grading",
        grades=["5A", "4A", "3A", "2A", "A"],
        indicators=[
            SchemeIndicatorInput(
                key="down_cluster",
                name_zh="绒子含量",
                unit="%",
                part="gate",
                comparison="gt",
                limit="50",
            ),
            SchemeIndicatorInput(
                key="fill_power",
                name_zh="蓬松度",
                unit="cm",
                part="graded",
                comparison="gt",
                thresholds={"5A": "20", "4A": "18", "3A": "16", "2A": "14", "A": "12"},
            ),
        ],
    )


def _record(world, scheme, **kw):
    from django.utils import timezone

    args = {
        "actor": actor_for(world.users["enterprise"]),
        "scheme_id": scheme.pk,
        "product_id": world.ent_a.products.get().pk,
        "source": "report",
        "laboratory": "浙江检测中心",
        "accreditation": "CNAS L1234; 201519112345",
        "report_no": "R-2026-001",
        "tested_on": timezone.localdate() - timedelta(days=10),
        "values": {"down_cluster": "90", "fill_power": "18.5"},
    }
    args.update(kw)
    return services.grade_record(**args)


@pytest.mark.django_db
def test_a_recorded_grade_is_public_and_found_by_its_number(world, client_for) -> None:
    g = _record(world, _scheme(world))
    assert (g.grade, g.qualified) == ("4A", True)
    assert g.valid_until == g.tested_on.replace(year=g.tested_on.year + 1)
    found = client_for("public").get(f"/grades/?q={g.number}").content.decode()
    assert f"/grades/{g.pk}/" in found
    page = client_for("public").get(f"/grades/{g.pk}/").content.decode()
    assert "4A" in page and "CNAS L1234" in page


@pytest.mark.django_db
def test_grade_refusals_name_the_field(world) -> None:
    from django.utils import timezone

    scheme = _scheme(world)
    cases = [
        ({"accreditation": "ABC"}, "accreditation"),
        ({"tested_on": timezone.localdate() - timedelta(days=400)}, "tested_on"),
        ({"values": {"down_cluster": "90"}}, "value_fill_power"),
        ({"actor": actor_for(world.users["other_enterprise"])}, "product"),
    ]
    for kw, field in cases:
        with pytest.raises(StandardsError) as err:
            _record(world, scheme, **kw)
        assert err.value.field == field


@pytest.mark.django_db
def test_a_better_grade_needs_a_stricter_threshold(world) -> None:
    with pytest.raises(StandardsError) as err:
        services.scheme_create(
            actor=actor_for(world.users["admin"]),
            code="x",
            category="c",
            title_zh="x",
            grades=["AA", "A"],
            indicators=[
                SchemeIndicatorInput(
                    key="k",
                    name_zh="k",
                    part="graded",
                    comparison="ge",
                    thresholds={"AA": "10", "A": "12"},
                )
            ],
        )
    assert err.value.field == "indicators" and err.value.row == 1


@pytest.mark.django_db
def test_the_distribution_is_for_officers(world, client_for) -> None:
    scheme = _scheme(world)
    _record(world, scheme)
    _record(world, scheme, values={"down_cluster": "40", "fill_power": "25"})
    assert (
        'data-testid="distribution"'
        not in client_for("public").get(f"/grades/schemes/{scheme.pk}/").content.decode()
    )
    page = client_for("authority").get(f"/grades/schemes/{scheme.pk}/").content.decode()
    assert 'data-testid="distribution"' in page
