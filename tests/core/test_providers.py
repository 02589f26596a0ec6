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
    assert list(sources) == ["level_share", "level_score", "capability", "open_alerts"]
    assert {k: s.source_app for k, s in sources.items()} == {
        "level_share": "evaluation",
        "level_score": "evaluation",
        "capability": "diagnosis",
        "open_alerts": "diagnosis",
    }
    assert list(INDICATORS) == list(sources) and INDICATORS["capability"] is sources["capability"]
    assert [(i["key"], i["weight"]) for i in default_indicator_spec()] == [
        ("level_share", 0.3),
        ("level_score", 0.3),
        ("capability", 0.2),
        ("open_alerts", 0.2),
    ]


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
