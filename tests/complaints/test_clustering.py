"""Common-problem clustering on a generated corpus: planted clusters are found with exactly
their complaints; noise, and a busy cell of unrelated descriptions, give nothing."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from qualitas.complaints.clustering import ClusterParams, find_clusters
from qualitas.complaints.corpus import Row, generate, noise_text

AS_OF = date(2026, 11, 30)
REGIONS = tuple(str(330100 + i * 100) for i in range(11)) + ("440100", "440300")


def _run(rows: list[Row], params: ClusterParams | None = None):
    return find_clusters(
        ids=list(range(len(rows))),
        categories=[r.category for r in rows],
        regions=[r.region for r in rows],
        problems=[r.problem for r in rows],
        days=[r.day for r in rows],
        texts=[r.text for r in rows],
        as_of=AS_OF,
        params=params,
    )


def _corpus(planted=()):
    return generate(
        n_noise=6000,
        categories=("battery", "ebike", "appliance"),
        problems=("safety", "labelling", "performance"),
        regions=REGIONS,
        as_of=AS_OF,
        days=196,
        planted=planted,
    )


def test_planted_clusters_are_found_with_their_complaints():
    rows = _corpus(planted=((0, "330100", 12), (1, "440300", 14), (2, "330500", 15)))
    found = _run(rows)
    cells = {(c.category, c.region, c.problem): c for c in found}
    assert set(cells) == {
        ("battery", "330100", "safety"),
        ("ebike", "440300", "safety"),
        ("appliance", "330500", "labelling"),
    }
    for (_cat, _region, _problem), c in cells.items():
        planted = {rows[m].planted for m in c.members}
        assert len(planted) == 1 and -1 not in planted  # no noise complaint in the evidence
        assert c.size == {0: 12, 1: 14, 2: 15}[planted.pop()]
        assert c.window_end == AS_OF and c.window_start == AS_OF - timedelta(days=27)
        assert c.terms  # the common n-grams, for the officer
    battery = cells[("battery", "330100", "safety")]
    assert any("鼓包" in t for t in battery.terms)


def test_noise_alone_gives_no_cluster():
    assert _run(_corpus()) == []


def test_a_busy_cell_of_unrelated_descriptions_is_no_cluster():
    rows = _corpus()
    rng = np.random.default_rng(5)
    rows += [
        Row(
            "appliance",
            "330200",
            "performance",
            AS_OF - timedelta(days=int(rng.integers(14))),
            noise_text(rng),
            -1,
        )
        for _ in range(30)
    ]
    assert _run(rows) == []


def test_a_small_group_under_the_minimum_and_an_old_cluster_are_not_warned():
    rows = _corpus(planted=((0, "330100", 4),))
    assert _run(rows) == []
    # the same cluster, but all of it before the latest window: part of the baseline
    old = [
        Row(r.category, r.region, r.problem, r.day - timedelta(days=60), r.text, r.planted)
        for r in _corpus(planted=((0, "330100", 12),))
    ]
    assert _run(old) == []


def test_no_complaints_no_clusters_and_parameters_are_read():
    assert _run([]) == []
    rows = _corpus(planted=((0, "330100", 12),))
    assert _run(rows, ClusterParams(min_size=13)) == []
