"""Chart layouts that keep words apart (issue 11 item 13): limit labels inside the tolerance,
the target's above them; legends between the title and the plot, never over tick labels;
long category names wrapped, never cut; bars named, not coded."""

from __future__ import annotations

import numpy as np

from qualitas.charts.bars import count_bars, wrap_label


def test_capability_limit_labels_never_overlap_or_leave_the_figure():
    from qualitas.analytics.capability import capability
    from qualitas.charts.capability import capability_histogram

    x = np.random.default_rng(1).normal(10, 1, 200)
    fig = capability_histogram(capability(x, lsl=7, usl=13, target=10), x)
    notes = {a["text"]: a for a in fig["layout"]["annotations"]}
    assert notes["LSL"]["xanchor"] == "left" and notes["USL"]["xanchor"] == "right"
    assert notes["Target"]["yshift"] > notes["LSL"]["yshift"] == notes["USL"]["yshift"]
    assert fig["layout"]["margin"]["t"] >= 60


def test_index_charts_put_the_legend_above_the_plot():
    from qualitas.index.charts import _layout

    layout = _layout("t")
    assert layout["legend"]["yanchor"] == "bottom" and layout["legend"]["y"] >= 1
    assert layout["title"]["yref"] == "container" and layout["title"]["automargin"]
    assert layout["xaxis"]["automargin"] and layout["yaxis"]["automargin"]


def test_count_bars_name_every_group_and_wrap_long_names():
    name = "Manufacture of railway, ship, aerospace and other transport equipment"
    fig = count_bars(
        names=["浙江省", name], series=[("Enterprises", [7, 3])], axis_title="Enterprises"
    )
    bars = fig["data"][0]
    assert bars["y"] == [wrap_label(name), "浙江省"]  # the largest on top
    assert all(len(line) <= 24 for line in wrap_label(name).split("<br>"))
    assert fig["layout"]["yaxis"]["automargin"] and bars["cliponaxis"] is False
    assert "title" not in fig["layout"]  # the page's heading names it; a title cannot wrap
