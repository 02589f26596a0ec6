"""CLI: qualitas analyze weibull | growth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualitas.cli import app

runner = CliRunner()


def _run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["analyze", *args])


def _csv(tmp_path: Path, text: str, name: str = "data.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture()
def censored_csv(tmp_path: Path, reference_dir: Path) -> str:
    """The reference data with its F/C status turned into a 0/1 column."""
    lines = (reference_dir / "reliability" / "weibull2p_censored_test_data.csv").read_text().split()
    rows = [line.split(",") for line in lines[1:]]
    body = "\n".join(f"{t},{1 if s == 'C' else 0}" for t, s in rows)
    return _csv(tmp_path, "time,cens\n" + body + "\n")


@pytest.mark.reference
def test_weibull_json_keys_and_values(censored_csv: str) -> None:
    res = _run(
        "weibull", censored_csv, "--value", "time", "--censored", "cens", "--at", "30", "--json"
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    for key in (
        "shape",
        "scale",
        "method",
        "loglik",
        "ci",
        "b10",
        "mttf",
        "b1",
        "n_failures",
        "n_censored",
    ):
        assert key in out
    assert set(out["ci"]) == {"shape", "scale"}
    assert out["method"] == "MLE"
    # reliability 0.9.0: α 45.0990, β 2.78275 (the optimiser's 1e-7; see the core tests)
    assert out["scale"] == pytest.approx(45.0990, abs=5e-5)
    assert out["shape"] == pytest.approx(2.78275, abs=5e-6)
    assert out["ci"]["scale"] == pytest.approx([36.526093339511405, 55.684034028972945], rel=1e-5)
    assert (out["n_failures"], out["n_censored"]) == (12, 8)
    r = out["reliability_at"]
    assert r["t"] == 30 and r["ci"][0] < r["reliability"] < r["ci"][1]


@pytest.mark.reference
def test_weibull_rank_regression_and_level(censored_csv: str) -> None:
    res = _run("weibull", censored_csv, "--value", "time", "--censored", "cens",
               "--method", "rrx", "--ci", "0.8", "--json")  # fmt: skip
    out = json.loads(res.stdout)
    assert out["method"] == "RRX" and out["ci_level"] == 0.8
    assert out["scale"] == pytest.approx(42.168492658083125, rel=1e-10)
    assert out["reliability_at"] is None


@pytest.mark.reference
def test_weibull_table_and_html(censored_csv: str, tmp_path: Path) -> None:
    res = _run("weibull", censored_csv, "--value", "time", "--censored", "cens", "--at", "20")
    assert res.exit_code == 0, res.output
    assert "Weibull 2P (MLE)" in res.stdout and "B10" in res.stdout and "R(20)" in res.stdout
    report = tmp_path / "w.html"
    res = _run(
        "weibull", censored_csv, "--value", "time", "--censored", "cens", "--html", str(report)
    )
    assert res.exit_code == 0, res.output
    text = report.read_text(encoding="utf-8")
    assert "Weibull probability plot" in text and "upper 95% bound" in text


def test_censored_spellings(tmp_path: Path) -> None:
    path = _csv(tmp_path, "t,c\n10,false\n20,F\n30,true\n40,0\n50,C\n")
    out = json.loads(_run("weibull", path, "--value", "t", "--censored", "c", "--json").stdout)
    assert (out["n_failures"], out["n_censored"]) == (3, 2)


@pytest.mark.reference
@pytest.mark.parametrize("extra", [[], ["--unbiased"], ["--end-time", "400000"]])
def test_growth_json(reference_dir: Path, extra: list[str]) -> None:
    path = reference_dir / "reliability" / "reliability_growth_test_times.csv"
    res = _run("growth", str(path), "--value", "cumulative_failure_time", "--json", *extra)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert {"beta", "lambda", "mtbf_instantaneous", "mtbf_cumulative"} <= set(out)
    if not extra:  # reliability 0.9.0, closed form: 1e-10
        assert out["beta"] == pytest.approx(0.741656619656656, rel=1e-10)
        assert out["lambda"] == pytest.approx(0.0007886414235385733, rel=1e-10)
        assert out["mtbf_instantaneous"] == pytest.approx(45937.70094814556, rel=1e-10)
        assert out["mtbf_cumulative"] == pytest.approx(34070.0, rel=1e-12)
        assert out["duane"]["alpha"] == pytest.approx(0.33617199465228104, rel=1e-10)
        assert out["terminated"] == "failure"
    elif extra == ["--unbiased"]:
        assert out["beta"] == pytest.approx(0.741656619656656 * 8 / 10, rel=1e-10)
        assert out["unbiased"] is True
    else:
        assert out["terminated"] == "time" and out["end_time"] == 400000
        assert out["mtbf_cumulative"] == pytest.approx(40000.0)


@pytest.mark.reference
def test_growth_table_and_html(reference_dir: Path, tmp_path: Path) -> None:
    path = str(reference_dir / "reliability" / "system_growth_crow_amsaa.csv")
    res = _run(
        "growth", path, "--value", "cumulative_failure_time", "--target-mtbf", "35", "--unbiased"
    )
    assert res.exit_code == 0, res.output
    assert "Crow-AMSAA" in res.stdout and "time to target" in res.stdout and "MLE β" in res.stdout
    report = tmp_path / "g.html"
    res = _run("growth", path, "--value", "cumulative_failure_time", "--target-mtbf", "35",
               "--html", str(report))  # fmt: skip
    assert res.exit_code == 0, res.output
    text = report.read_text(encoding="utf-8")
    assert "cumulative failures" in text and "target MTBF" in text


@pytest.mark.parametrize(
    ("command", "text", "args", "message"),
    [
        ("weibull", "t\n10\n-5\n30\n", [], "row 3: column 't' has negative time -5"),
        ("weibull", "t\n10\nabc\n30\n", [], "row 3: column 't' has non-numeric value 'abc'"),
        ("weibull", "t\n10\n\n30\n", [], None),  # blank lines are skipped by the CSV reader
        ("weibull", "t,x\n10,1\n,2\n30,3\n", [], "row 3: column 't' is empty"),
        ("weibull", "t\n10\n20\n", ["--value", "time"], "column 'time' (--value) not found"),
        ("weibull", "t,c\n10,1\n20,1\n", ["--censored", "c"], "all 2 times are censored"),
        ("weibull", "t,c\n10,0\n20,1\n", ["--censored", "c"], "1 failure; at least 2"),
        ("weibull", "t,c\n10,0\n20,maybe\n", ["--censored", "c"], "row 3: column 'c' has 'maybe'"),
        ("weibull", "t\n10\n20\n", ["--method", "mom"], "--method must be mle, rrx or rry"),
        ("weibull", "t\n10\n20\n", ["--ci", "95"], "ci must be a confidence level"),
        ("weibull", "t\n10\n20\n", ["--at", "0"], "--at must be a time > 0"),
        ("weibull", "t\n0\n20\n", [], "times: row 1 is zero"),
        ("growth", "t\n10\n-5\n", [], "row 3: column 't' has negative time -5"),
        ("growth", "t\n10\n", [], "1 failure time; at least 2 are needed"),
        ("growth", "t\n10\n20\n", ["--end-time", "15"], "end_time 15.0 must be at or after"),
        ("growth", "t\n10\n20\n", ["--terminated", "both"], "--terminated must be failure or time"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, command: str, text: str, args: list[str], message: str | None
) -> None:
    path = _csv(tmp_path, text)
    options = args if "--value" in args else ["--value", "t", *args]
    res = _run(command, path, *options, "--json")
    if message is None:
        assert res.exit_code == 0, res.output
        return
    assert res.exit_code == 2, res.output
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert message in err
    assert "Traceback" not in res.output


@pytest.fixture()
def shifted_csv(tmp_path: Path, reference_dir: Path) -> str:
    """reliability 0.9.0's 3P test data: the censored test data plus 500 (see the 3P tests)."""
    lines = (reference_dir / "reliability" / "weibull2p_censored_test_data.csv").read_text().split()
    rows = [line.split(",") for line in lines[1:]]
    body = "\n".join(f"{float(t) + 500.0!r},{1 if s == 'C' else 0}" for t, s in rows)
    return _csv(tmp_path, "time,cens\n" + body + "\n", name="shifted.csv")


@pytest.mark.reference
def test_weibull_3p_json(shifted_csv: str) -> None:
    res = _run(
        "weibull", shifted_csv, "--value", "time", "--censored", "cens", "--model", "3p", "--json"
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["model"] == "3P" and out["method"] == "MLE"
    # Fit_Weibull_3P of reliability 0.9.0: γ 513.72208, α 33.01236, β 1.32731 (tolerances
    # as in test_reliability_weibull3p.py)
    assert out["location"] == pytest.approx(513.7220817211114, abs=1e-4)
    assert out["scale"] == pytest.approx(33.012355248287534, rel=2e-5)
    assert out["shape"] == pytest.approx(1.3273144236741616, rel=2e-5)
    assert out["ci"]["location"] == pytest.approx([509.1337921171286, 518.3517207735416], abs=1e-3)
    assert out["se"]["location"] == pytest.approx(2.351524077157774, rel=1e-4)
    assert any("grows without bound" in w for w in out["warnings"])


def test_weibull_2p_json_has_location_zero(tmp_path: Path) -> None:
    path = _csv(tmp_path, "t\n10\n20\n30\n45\n")
    out = json.loads(_run("weibull", path, "--value", "t", "--json").stdout)
    assert out["location"] == 0.0 and out["model"] == "2P" and out["warnings"] == []
    assert set(out["ci"]) == {"shape", "scale"}


def test_weibull_3p_table_and_html(shifted_csv: str, tmp_path: Path) -> None:
    report = tmp_path / "w3.html"
    res = _run(
        "weibull", shifted_csv, "--value", "time", "--censored", "cens", "--model", "3P",
        "--html", str(report),
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "location γ" in res.stdout and "Weibull 3P" in res.stdout
    assert "warning:" in res.stdout
    assert "γ=513.7" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--model", "4p"), "--model must be 2p or 3p, got '4p'"),
        (("--model", "3p", "--method", "rry"), "--model 3p is fitted by maximum likelihood only"),
    ],
)
def test_weibull_3p_bad_options(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    path = _csv(tmp_path, "t\n10\n20\n30\n45\n")
    res = _run("weibull", path, "--value", "t", *args)
    assert res.exit_code == 2
    assert message in res.stderr


def test_weibull_3p_without_maximum_exits_2(tmp_path: Path) -> None:
    path = _csv(tmp_path, "t\n10\n20\n30\n40\n50\n")
    res = _run("weibull", path, "--value", "t", "--model", "3p")
    assert res.exit_code == 2
    assert "the 3-parameter Weibull MLE does not exist" in res.stderr
    assert "Traceback" not in res.output


_INTERVAL_CSV = "lo,hi\n0,10\n10,\n10,\n10,\n0,20\n0,20\n0,20\n20,inf\n"


def test_weibull_interval_json(tmp_path: Path) -> None:
    """The hand-worked current-status example of test_reliability_interval.py."""
    path = _csv(tmp_path, _INTERVAL_CSV)
    res = _run("weibull", path, "--lower", "lo", "--upper", "hi", "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["shape"] == pytest.approx(2.268686402814448, rel=1e-8)
    assert out["scale"] == pytest.approx(17.318186878921573, rel=1e-8)
    assert out["loglik"] == pytest.approx(-4.498681156950466, rel=1e-10)
    assert (out["n_failures"], out["n_censored"]) == (0, 4)
    assert (out["n_left_censored"], out["n_interval_censored"]) == (4, 0)


def test_weibull_interval_table_and_html(tmp_path: Path) -> None:
    path = _csv(tmp_path, "lo,hi\n0,15\n10,25\n20,20\n35,50\n0,40\n50,\n")
    report = tmp_path / "iv.html"
    res = _run("weibull", path, "--lower", "lo", "--upper", "hi", "--html", str(report))
    assert res.exit_code == 0, res.output
    assert "1 exact, 2 interval, 2 left-" in res.stdout
    assert "interval midpoints" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        (_INTERVAL_CSV, ("--lower", "lo"), "--lower and --upper go together"),
        (_INTERVAL_CSV, ("--lower", "lo", "--upper", "hi", "--value", "lo"), "either --value"),
        (_INTERVAL_CSV, ("--lower", "lo", "--upper", "hi", "--method", "rrx"), "--method mle"),
        (_INTERVAL_CSV, ("--lower", "lo", "--upper", "hi", "--model", "3p"), "--model 2p only"),
        (_INTERVAL_CSV, (), "--value is required (or --lower and --upper"),
        ("lo,hi\n1,2\n,3\n", ("--lower", "lo", "--upper", "hi"), "row 3: column 'lo' is empty"),
        ("lo,hi\n1,2\n-1,3\n", ("--lower", "lo", "--upper", "hi"), "row 3: column 'lo' has negat"),
        ("lo,hi\n1,2\ninf,\n", ("--lower", "lo", "--upper", "hi"), "row 3: column 'lo' is infin"),
        ("lo,hi\n1,2\n0,0\n", ("--lower", "lo", "--upper", "hi"), "row 3: column 'hi' is 0"),
        (
            "lo,hi\n1,2\n5,3\n",
            ("--lower", "lo", "--upper", "hi"),
            "row 3: upper 3 is below lower 5",
        ),
        ("lo,hi\n1,2\n0,\n", ("--lower", "lo", "--upper", "hi"), "row 3: the interval (0, inf)"),
        ("lo,hi\n1,1\n2,\n", ("--lower", "lo", "--upper", "hi"), "1 unit with a failure"),
        ("lo,hi\n1,x\n", ("--lower", "lo", "--upper", "hi"), "row 2: column 'hi' has non-numeric"),
    ],
)
def test_weibull_interval_bad_input(
    tmp_path: Path, text: str, args: tuple[str, ...], message: str
) -> None:
    res = _run("weibull", _csv(tmp_path, text), *args)
    assert res.exit_code == 2
    assert message in res.stderr
    assert "Traceback" not in res.output
