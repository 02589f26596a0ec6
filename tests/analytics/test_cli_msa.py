"""CLI: qualitas analyze gage-rr | gage-type1 | attribute-agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualitas.cli import app

runner = CliRunner()
RR = ["--part", "prototype", "--operator", "operator", "--value", "time1"]


def _run(*args: str):
    return runner.invoke(app, ["analyze", *args])


def _err(result) -> str:
    return result.stderr.strip()


@pytest.fixture()
def rr_csv(reference_dir: Path) -> Path:
    return reference_dir / "msa" / "ss.data.rr.csv"


@pytest.mark.reference
def test_gage_rr_json(rr_csv: Path) -> None:
    res = _run("gage-rr", str(rr_csv), *RR, "--lsl", "0.7", "--usl", "1.8", "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    five = {"repeatability", "reproducibility", "gage_rr", "part_to_part", "total"}
    for key in ("variance_components", "pct_contribution", "pct_study_var", "pct_tolerance"):
        assert set(out[key]) == five
    # Published (SixSigma) to 2 decimals: half a unit in the last place.
    assert out["pct_contribution"]["gage_rr"] == pytest.approx(25.38, abs=5e-3)
    assert out["pct_study_var"]["gage_rr"] == pytest.approx(50.38, abs=5e-3)
    assert out["pct_tolerance"]["gage_rr"] == pytest.approx(80.69, abs=5e-3)
    assert out["ndc"] == 2 and out["verdict"] == "unacceptable" and out["interaction_removed"]
    assert out["anova"]["part"]["f"] == pytest.approx(28.797, abs=5e-4)
    assert out["anova_reduced"]["repeatability"]["df"] == 22


@pytest.mark.reference
def test_gage_rr_table_and_html(rr_csv: Path, tmp_path: Path) -> None:
    res = _run("gage-rr", str(rr_csv), *RR, "--tolerance", "1.1", "--alpha", "0.05")
    assert res.exit_code == 0 and "ndc = 2" in res.stdout and "unacceptable" in res.stdout
    html = tmp_path / "rr.html"
    res = _run("gage-rr", str(rr_csv), *RR, "--html", str(html))
    assert res.exit_code == 0 and "Components of variation" in html.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_gage_rr_bad_inputs(tmp_path: Path) -> None:
    one_op = "part,op,v\n" + "".join(
        f"{p},{o},{v}\n" for p, o, v in [
            ("a", "x", 1), ("a", "x", 2), ("a", "y", 1), ("a", "y", 3),
            ("b", "x", 5), ("b", "x", 6), ("b", "x", 5), ("b", "x", 7),
        ]
    )  # fmt: skip
    f = _write(tmp_path, one_op)
    res = _run("gage-rr", str(f), "--part", "part", "--operator", "op", "--value", "v")
    assert res.exit_code == 2
    assert _err(res) == (
        "error: part 'b' is measured by only one operator ('x'); "
        "a crossed design needs every operator on every part"
    )
    res = _run("gage-rr", str(f), "--part", "part", "--operator", "oper", "--value", "v")
    assert res.exit_code == 2
    assert _err(res) == "error: column 'oper' (--operator) not found; columns are: part, op, v"
    f = _write(tmp_path, "part,op,v\na,x,1\na,x,oops\n")
    res = _run("gage-rr", str(f), "--part", "part", "--operator", "op", "--value", "v")
    assert (
        res.exit_code == 2 and _err(res) == "error: row 3: column 'v' has non-numeric value 'oops'"
    )
    f = _write(tmp_path, "part,op,v\na,x,1\na,x,\n")
    res = _run("gage-rr", str(f), "--part", "part", "--operator", "op", "--value", "v")
    assert res.exit_code == 2 and _err(res) == "error: row 3: column 'v' is empty"


def test_gage_type1(tmp_path: Path) -> None:
    values = [10.01, 9.99, 10.02, 10.00, 9.98, 10.00]
    f = _write(tmp_path, "v\n" + "\n".join(map(str, values)) + "\n")
    res = _run(
        "gage-type1", str(f), "--value", "v", "--reference", "10.0", "--tolerance", "0.5", "--json"
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["cg"] == pytest.approx(1.178511, abs=1e-6) and out["cgk"] == pytest.approx(out["cg"])
    assert out["capable"] is False and "only 6 measurements" in out["warnings"][0]
    html = tmp_path / "t1.html"
    res = _run("gage-type1", str(f), "--value", "v", "--reference", "10.0", "--tolerance", "0.5",
               "--html", str(html))  # fmt: skip
    assert res.exit_code == 0 and "cgk" in res.stdout and "warning:" in res.stdout
    assert html.exists()
    res = _run("gage-type1", str(f), "--value", "v", "--reference", "10.0")
    assert res.exit_code == 2
    assert _err(res) == "error: a type-1 study needs the tolerance (or both lsl and usl)"


ATTR = "part,appraiser,trial,rating,std\n" + "".join(
    f"{p},{a},{t},{r},{s}\n"
    for p, s, ratings in [
        ("p1", "g", "gggg"), ("p2", "b", "bbbg"), ("p3", "g", "gbgg"), ("p4", "b", "bbbb"),
    ]
    for (a, t), r in zip([("A", 1), ("A", 2), ("B", 1), ("B", 2)], ratings, strict=True)
)  # fmt: skip


def test_attribute_agreement(tmp_path: Path) -> None:
    f = _write(tmp_path, ATTR)
    opts = ["--part", "part", "--appraiser", "appraiser", "--value", "rating"]
    res = _run(
        "attribute-agreement", str(f), *opts, "--trial", "trial", "--standard", "std", "--json"
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["within"][0]["cohen_kappa"] == pytest.approx(0.5)
    assert out["vs_standard"][0]["cohen_kappa"] == pytest.approx(0.75)
    assert out["between"]["fleiss_kappa"] == pytest.approx(0.5)
    assert out["all_vs_standard"]["matched"] == 2 and out["categories"] == ["b", "g"]
    html = tmp_path / "a.html"
    res = _run("attribute-agreement", str(f), *opts, "--standard", "std", "--ci", "wilson",
               "--html", str(html))  # fmt: skip
    assert res.exit_code == 0 and "between" in res.stdout and html.exists()
    res = _run("attribute-agreement", str(f), *opts, "--ci", "normal")
    assert (
        res.exit_code == 2 and _err(res) == "error: --ci must be 'exact' or 'wilson', got 'normal'"
    )
    res = _run("attribute-agreement", str(f), *opts, "--trial", "run")
    assert res.exit_code == 2 and "column 'run' (--trial) not found" in _err(res)
    f = _write(tmp_path, ATTR.replace("p4,B,2,b", "p4,B,2,"))
    res = _run("attribute-agreement", str(f), *opts)
    assert res.exit_code == 2 and _err(res) == "error: row 17: column 'rating' is empty"
    f = _write(tmp_path, "\n".join(ATTR.splitlines()[:-1]) + "\n")
    res = _run("attribute-agreement", str(f), *opts, "--trial", "trial")
    assert res.exit_code == 2
    assert _err(res).startswith("error: part 'p4': appraiser 'B' rated it 1 time(s)")
