"""``qualitas analyze`` control-chart commands: output forms and bad input (exit 2, one line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualitas.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["analyze", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def spc(reference_dir: Path) -> Path:
    return reference_dir / "spc"


@pytest.mark.reference
def test_xbar_r_json_matches_qcc(spc: Path, expected: dict) -> None:
    code, out, _ = run(
        "xbar-r",
        str(spc / "pistonrings.csv"),
        "--value",
        "diameter",
        "--subgroup",
        "sample",
        "--exclude",
        ",".join(str(i) for i in range(26, 41)),
        "--json",
    )
    assert code == 0
    payload = json.loads(out)
    assert [c["name"] for c in payload["charts"]] == ["xbar", "r"]
    xbar = payload["charts"][0]
    assert set(xbar) >= {"name", "center", "lcl", "ucl", "points", "violations"}
    assert xbar["ucl"] == pytest.approx(
        expected["qcc_pistonrings_xbar_R_S"]["xbar"]["UCL"], rel=5e-7
    )
    assert {"rule": "nelson-1", "points": [37, 38, 39]} in xbar["violations"]
    assert len(xbar["points"]) == 40


@pytest.mark.reference
def test_every_kind_runs(spc: Path, tmp_path: Path) -> None:
    pr, oj, visc = (
        str(spc / "pistonrings.csv"),
        str(spc / "orangejuice.csv"),
        str(spc / "viscosity.csv"),
    )
    cases = [
        ("xbar-s", pr, "--value", "diameter", "--subgroup", "sample", "--rules", "we"),
        ("imr", visc, "--value", "viscosity", "--stage", "trial", "--time", "batch"),
        ("p", oj, "--value", "D", "--size", "size", "--exclude-flagged"),
        ("np", oj, "--value", "D", "--size-const", "50", "--phase2-center", "0.2"),
        ("c", str(spc / "circuit.csv"), "--value", "x", "--phase2-lcl", "5", "--phase2-ucl", "33"),
        ("u", str(spc / "pcmanufact.csv"), "--value", "x", "--size", "size", "--rules", "none"),
        (
            "ewma",
            pr,
            "--value",
            "diameter",
            "--subgroup",
            "sample",
            "--lambda",
            "0.2",
            "--L",
            "2.7",
        ),
        ("cusum", visc, "--value", "viscosity", "--h", "4", "--k", "0.5", "--target", "34"),
    ]
    for kind, *rest in cases:
        code, out, err = run(kind, *rest, "--json")
        assert code == 0, (kind, err)
        assert json.loads(out)["charts"][0]["points"]
        code, out, _ = run(kind, *rest)
        assert code == 0 and "centre" in out
    report = tmp_path / "r.html"
    code, out, _ = run(
        "xbar-r", pr, "--value", "diameter", "--subgroup", "sample", "--html", str(report)
    )
    assert code == 0 and "wrote" in out and "rule violations" in report.read_text(encoding="utf-8")
    code, out, _ = run(
        "p",
        oj,
        "--value",
        "D",
        "--size",
        "size",
        "--html",
        str(report),
        "--json",
        "--time",
        "sample",
    )
    assert code == 0 and json.loads(out)["charts"][0]["name"] == "p"


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("args", "csv", "message"),
    [
        (
            ["xbar-r", "--value", "x", "--subgroup", "g"],
            "g,y\n1,2\n",
            "column 'x' (--value) not found",
        ),
        (
            ["xbar-r", "--value", "x", "--subgroup", "g"],
            "g,x\n1,2\n1,abc\n",
            "row 3: column 'x' has non-numeric value 'abc'",
        ),
        (
            ["xbar-r", "--value", "x", "--subgroup", "g"],
            "g,x\n1,2\n1,3\n",
            "at least 2 subgroups, got 1",
        ),
        (["xbar-r", "--value", "x"], "g,x\n1,2\n", "--subgroup is required"),
        (
            ["xbar-r", "--value", "x", "--subgroup", "g"],
            "g,x\n1,2\n1,\n",
            "row 3: column 'x' is empty",
        ),
        (
            ["xbar-r", "--value", "x", "--subgroup", "g"],
            "g,x\n1,2\n,3\n",
            "row 3: column 'g' is empty",
        ),
        (
            ["imr", "--value", "x", "--exclude", "9"],
            "x\n1\n2\n3\n",
            "--exclude: '9' is not a subgroup number",
        ),
        (["imr", "--value", "x", "--phase2-lcl", "1"], "x\n1\n2\n3\n", "must be given together"),
        (
            ["p", "--value", "d", "--size", "n"],
            "d,n\n3,50\n60,50\n",
            "row 3: count 60 is larger than its subgroup size 50",
        ),
        (["p", "--value", "d", "--size", "n"], "d,n\n3,50\n-1,50\n", "row 3: negative count -1"),
        (["p", "--value", "d", "--size", "n"], "d,n\n3,50\n,50\n", "row 3: column 'd' is empty"),
        (
            ["u", "--value", "d", "--size", "n"],
            "d,n\n3,50\n1,0\n",
            "row 3: subgroup size 0 must be positive",
        ),
        (["np", "--value", "d"], "d\n3\n4\n", "--size (a column) or --size-const"),
        (["c", "--value", "d"], "d\n3\n", "at least 2 subgroups, got 1"),
        (["ewma", "--value", "x", "--lambda", "2"], "x\n1\n2\n3\n", "lambda must be in (0, 1]"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, args: list[str], csv: str, message: str
) -> None:
    kind, *rest = args
    code, _, err = run(kind, write(tmp_path, csv), *rest)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], err


def test_rules_option_is_validated(tmp_path: Path) -> None:
    code, _, err = run(
        "imr", write(tmp_path, "x\n1\n2\n3\n"), "--value", "x", "--rules", "nelson-9"
    )
    assert code == 2 and "unknown rule 'nelson-9'" in err


@pytest.mark.parametrize(
    ("lang", "named"),
    [
        ("zh-hans", "Nelson 准则 1 — 1 个点落在控制限之外"),
        ("en", "Nelson rule 1 — 1 point beyond the control limits"),
    ],
)
def test_violations_name_the_rule_and_what_it_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, named: str
) -> None:
    """Issue 11 item 14: a violated rule is named and explained in the table and in the HTML
    report's summary, never shown as its bare code."""
    from qualitas.cli.common import console

    monkeypatch.setattr(console, "_width", 200)  # one table row per line: no wrapped names
    data = write(tmp_path, "x\n" + "\n".join(["10", "10.2", "9.9", "10.1"] * 5 + ["30"]) + "\n")
    result = runner.invoke(app, ["--lang", lang, "analyze", "imr", data, "--value", "x"])
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if named in line)
    assert "21" in row  # the flagged point's number beside its rule
    assert "nelson-1" not in result.stdout
    report = tmp_path / "r.html"
    result = runner.invoke(
        app, ["--lang", lang, "analyze", "imr", data, "--value", "x", "--html", str(report)]
    )
    assert result.exit_code == 0, result.stderr
    html = report.read_text(encoding="utf-8")
    summary = html.split("<body>", 1)[1].split("<table", 1)[1].split("</table>", 1)[0]
    assert named in summary and "nelson-1" not in summary


def test_rule_name_without_explanation_and_for_an_unknown_code() -> None:
    from qualitas.cli.analyze_spc import rule_name
    from qualitas.cli.i18n import use_language

    with use_language("en"):
        assert rule_name("we-4") == "Western Electric rule 4"
        assert rule_name("we-4", explained=True) == (
            "Western Electric rule 4 — 8 points in a row on the same side of the centre line"
        )
        assert rule_name("custom", explained=True) == "custom"
