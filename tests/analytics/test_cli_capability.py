"""``qualitas analyze capability | pareto`` through the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from qualitas.cli.analyze import analyze_app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(analyze_app, [str(a) for a in args])


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    text = result.output.strip()
    assert "\n" not in text and "Traceback" not in text
    return text


@pytest.fixture
def rings(tmp_path, reference_dir):
    data = pd.read_csv(reference_dir / "spc" / "pistonrings.csv")
    path = tmp_path / "rings.csv"
    data[data["sample"] <= 25].to_csv(path, index=False)
    return path


@pytest.mark.reference
def test_capability_json_matches_qcc(rings, expected):
    published = expected["qcc_pistonrings_capability"]["spec_73.95_74.05_target_74.02"]
    result = run(
        "capability", rings, "--value", "diameter", "--subgroup", "sample",
        "--lsl", "73.95", "--usl", "74.05", "--target", "74.02", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    for key in [
        "n",
        "mean",
        "sigma_within",
        "sigma_overall",
        "cp",
        "cpl",
        "cpu",
        "cpk",
        "pp",
        "ppk",
        "cpm",
        "ppm_expected_within",
        "ppm_expected_overall",
        "ppm_observed",
        "ci",
        "normality",
        "method",
    ]:
        assert key in payload
    assert set(payload["normality"]) == {"ad_statistic", "p_value"}
    assert payload["n"] == 125 and payload["method"] == "normal"
    assert payload["cp"] == pytest.approx(published["Cp"], abs=5e-4 + 3.1e-5 * 1.703)
    assert payload["cpm"] == pytest.approx(published["Cpm"], abs=5e-4)


def test_capability_table_html_and_methods(tmp_path):
    rng = np.random.default_rng(5)
    path = tmp_path / "skew.csv"
    pd.DataFrame({"flatness": np.exp(rng.normal(0, 0.5, 150))}).to_csv(path, index=False)
    table = run("capability", path, "--value", "flatness", "--usl", "8")
    assert table.exit_code == 0, table.output
    assert "percentile" in table.output and "lognormal" in table.output  # auto chose it
    html = tmp_path / "out.html"
    report = run("capability", path, "--value", "flatness", "--usl", "8", "--lsl", "0.1",
                 "--method", "boxcox", "--html", html)  # fmt: skip
    assert report.exit_code == 0, report.output
    assert "Plotly.newPlot" in html.read_text(encoding="utf-8")
    for method in ("normal", "johnson", "percentile", "nonparametric"):
        out = run("capability", path, "--value", "flatness", "--usl", "8", "--method", method,
                  "--bootstrap", "50", "--seed", "1", "--json")  # fmt: skip
        assert out.exit_code == 0, out.output
        payload = json.loads(out.output)
        assert payload["method"] == method
        assert payload["ppk"] is not None
    normal = json.loads(
        run(
            "capability", path, "--value", "flatness", "--usl", "8", "--method", "normal", "--json"
        ).output
    )
    assert any("Anderson-Darling" in w for w in normal["warnings"])
    seeded = [
        json.loads(run("capability", path, "--value", "flatness", "--usl", "8", "--method",
                       "nonparametric", "--bootstrap", "40", "--seed", "7", "--json").output)["ci"]["ppk"]
        for _ in range(2)
    ]  # fmt: skip
    assert seeded[0] == seeded[1]
    html_pct = tmp_path / "pct.html"
    assert run("capability", path, "--value", "flatness", "--usl", "8", "--method", "percentile",
               "--bootstrap", "20", "--html", html_pct).exit_code == 0  # fmt: skip
    html_np = tmp_path / "np.html"
    assert run("capability", path, "--value", "flatness", "--usl", "8", "--method", "nonparametric",
               "--bootstrap", "0", "--html", html_np).exit_code == 0  # fmt: skip


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.csv"
    path.write_text("d,s,t\n1.0,1,a\n1.2,1,b\n0.9,2,\n1.1,2,d\nabc,3,e\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--value", "d", "--lsl", "2", "--usl", "1"], "--usl (1) must be greater than --lsl (2)"),
        (["--value", "d"], "give at least one specification limit"),
        (["--value", "nope", "--lsl", "0"], "column 'nope' (--value) not found"),
        (["--value", "d", "--lsl", "0"], "row 6: column 'd' has non-numeric value 'abc'"),
        (["--value", "d", "--lsl", "0", "--method", "magic"], "--method must be one of"),
        (["--value", "d", "--lsl", "0", "--sigma", "magic"], "--sigma must be one of"),
    ],
)
def test_capability_bad_input(small, args, message):
    assert message in one_line_error(run("capability", small, *args))


def test_capability_bad_rows(tmp_path):
    one = tmp_path / "one.csv"
    one.write_text("d\n1.0\n", encoding="utf-8")
    assert "at least two values" in one_line_error(
        run("capability", one, "--value", "d", "--lsl", "0")
    )
    gap = tmp_path / "gap.csv"
    gap.write_text("d,s\n1.0,1\n,1\n2.0,2\n", encoding="utf-8")
    assert "row 3: column 'd' is empty" in one_line_error(
        run("capability", gap, "--value", "d", "--lsl", "0")
    )
    nosub = tmp_path / "nosub.csv"
    nosub.write_text("d,s\n1.0,1\n1.5,\n2.0,2\n", encoding="utf-8")
    assert "row 3: column 's' is empty" in one_line_error(
        run("capability", nosub, "--value", "d", "--subgroup", "s", "--lsl", "0")
    )
    flat = tmp_path / "flat.csv"
    flat.write_text("d\n1.0\n1.0\n1.0\n", encoding="utf-8")
    assert "no variation" in one_line_error(run("capability", flat, "--value", "d", "--lsl", "0"))
    negative = tmp_path / "neg.csv"
    negative.write_text("d\n-1.0\n1.0\n2.0\n", encoding="utf-8")
    assert "Box-Cox needs positive values; value 1" in one_line_error(
        run("capability", negative, "--value", "d", "--lsl", "0", "--method", "boxcox")
    )


@pytest.fixture
def defects(tmp_path):
    path = tmp_path / "defects.csv"
    pd.DataFrame(
        {
            "type": ["price code", "schedule date", "supplier code", "contact num.", "part num."],
            "n": [80, 27, 66, 94, 33],
        }  # fmt: skip
    ).to_csv(path, index=False)
    return path


def test_pareto_json_table_html(defects, tmp_path):
    result = run("pareto", defects, "--category", "type", "--count", "n", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["vital_few"] == ["contact num.", "price code", "supplier code"]
    assert [c["cumulative_percent"] for c in payload["categories"]][-1] == pytest.approx(100)
    table = run("pareto", defects, "--category", "type", "--count", "n", "--max-categories", "3")
    assert table.exit_code == 0 and "Other" in table.output
    html = tmp_path / "p.html"
    assert run("pareto", defects, "--category", "type", "--html", html).exit_code == 0
    assert "Plotly.newPlot" in html.read_text(encoding="utf-8")


def test_pareto_bad_input(tmp_path, defects):
    assert "column 'kind' (--category) not found" in one_line_error(
        run("pareto", defects, "--category", "kind")
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("type,n\na,1\nb,-2\n", encoding="utf-8")
    assert "row 3: column 'n' has a negative count -2" in one_line_error(
        run("pareto", bad, "--category", "type", "--count", "n")
    )
    text = tmp_path / "text.csv"
    text.write_text("type,n\na,1\nb,x\n", encoding="utf-8")
    assert "row 3: column 'n' has non-numeric value 'x'" in one_line_error(
        run("pareto", text, "--category", "type", "--count", "n")
    )
    empty = tmp_path / "empty.csv"
    empty.write_text("type,n\na,1\nb,\n", encoding="utf-8")
    assert "row 3: column 'n' is empty" in one_line_error(
        run("pareto", empty, "--category", "type", "--count", "n")
    )
    nolabel = tmp_path / "nolabel.csv"
    nolabel.write_text("type,n\na,1\n,2\n", encoding="utf-8")
    assert "row 3: column 'type' is empty" in one_line_error(
        run("pareto", nolabel, "--category", "type", "--count", "n")
    )
    zero = tmp_path / "zero.csv"
    zero.write_text("type,n\na,0\nb,0\n", encoding="utf-8")
    assert "add up to zero" in one_line_error(
        run("pareto", zero, "--category", "type", "--count", "n")
    )
