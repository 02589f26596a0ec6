"""``qualitas analyze sampling`` and ``sampling-switch`` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualitas.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["analyze", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("inspection", "standard", "expected"),
    [
        ("normal", "gb2828", ("L", "L", 200, 7, 8)),
        ("tightened", "gb2828", ("L", "L", 200, 5, 6)),
        ("reduced", "gb2828", ("L", "L", 80, 5, 6)),
        ("normal", "z14", ("L", "L", 200, 7, 8)),
        ("reduced", "z14", ("L", "L", 80, 3, 6)),
    ],
)
def test_sampling_json(inspection: str, standard: str, expected: tuple) -> None:
    code, out, _ = _run(
        "sampling", "--lot-size", "5000", "--aql", "1.5", "--level", "II",
        "--inspection", inspection, "--standard", standard, "--json",
    )  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    keys = ("code_letter", "code_letter_after_arrow", "sample_size", "accept", "reject")
    assert tuple(payload[k] for k in keys) == expected
    assert payload["hundred_percent"] is False
    assert payload["oc"]["pa"][0] == 1.0


def test_sampling_arrow_and_hundred_percent() -> None:
    code, out, _ = _run("sampling", "--lot-size", "20", "--aql", "0.10", "--json")
    payload = json.loads(out)
    assert code == 0
    assert (payload["code_letter"], payload["code_letter_after_arrow"]) == ("C", "K")
    assert payload["hundred_percent"] is True and payload["sample_size"] == 20
    assert payload["oc"] is None
    code, out, _ = _run("sampling", "--lot-size", "20", "--aql", "0.10")
    assert code == 0 and "inspect 100 %" in out


def test_sampling_table_and_html(tmp_path: Path) -> None:
    code, out, _ = _run("sampling", "--lot-size", "5000", "--aql", "1.5")
    assert code == 0 and "code_letter_after_arrow" in out and "Pa at AQL" in out
    report = tmp_path / "plan.html"
    code, _, _ = _run("sampling", "--lot-size", "5000", "--aql", "1.5", "--html", str(report))
    assert code == 0 and "OC curve" in report.read_text(encoding="utf-8")
    report = tmp_path / "full.html"
    code, _, _ = _run("sampling", "--lot-size", "2", "--aql", "6.5", "--html", str(report))
    assert code == 0 and report.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--aql", "2"], "error: aql 2 is not a column of the tables; valid AQLs are: 0.010,"),
        (["--lot-size", "1"], "error: lot_size 1 is below 2, the smallest lot in Table 1"),
        (["--level", "IV"], "error: level 'IV' is not one of: S-1, S-2, S-3, S-4, I, II, III"),
        (["--inspection", "loose"], "error: inspection 'loose' is not one of"),
        (["--aql", "25", "--inspection", "reduced"], "not tabulated"),
    ],
)
def test_sampling_bad_input(args: list[str], message: str) -> None:
    base = {"--lot-size": "5000", "--aql": "1.5"}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    flat = [x for pair in base.items() for x in pair]
    code, out, err = _run("sampling", *flat)
    assert code == 2
    assert err.startswith(message) or message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lots.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_switch_states(tmp_path: Path) -> None:
    path = _csv(tmp_path, "lot,acc\n1,A\n2,R\n3,R\n4,1\n5,true\n6,yes\n7,accepted\n8,pass\n")
    code, out, _ = _run("sampling-switch", str(path), "--result", "acc", "--json")
    assert code == 0
    payload = json.loads(out)
    assert [lot["next_inspection"] for lot in payload["lots"]] == (
        ["normal", "normal", "tightened"] + ["tightened"] * 4 + ["normal"]
    )
    assert payload["final_inspection"] == "normal" and payload["discontinued_at_lot"] is None
    code, out, _ = _run("sampling-switch", str(path), "--result", "acc")
    assert code == 0 and "tightened" in out


def test_switch_with_counts_and_conditions(tmp_path: Path) -> None:
    rows = "\n".join(f"{i},0,1,1,0,5000" for i in range(1, 11))
    path = _csv(tmp_path, f"lot,d,steady,ok,other,size\n{rows}\n11,5,1,1,0,5000\n12,5,1,1,1,5000\n")
    code, out, _ = _run(
        "sampling-switch", str(path), "--nonconforming", "d", "--aql", "1.5",
        "--lot-size-column", "size", "--steady", "steady", "--approval", "ok",
        "--reinstate", "other", "--json",
    )  # fmt: skip
    assert code == 0
    lots = json.loads(out)["lots"]
    assert [lot["switching_score"] for lot in lots[:9]] == [3 * k for k in range(1, 10)]
    assert lots[9]["next_inspection"] == "reduced"
    assert (lots[10]["sample_size"], lots[10]["accept"], lots[10]["reject"]) == (80, 5, 6)
    assert lots[11]["next_inspection"] == "normal"
    report = tmp_path / "switch.html"
    code, _, _ = _run(
        "sampling-switch", str(path), "--nonconforming", "d", "--aql", "1.5",
        "--lot-size", "5000", "--html", str(report),
    )  # fmt: skip
    assert code == 0 and "Switching rules" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("a\n1\n", [], "error: give --result or --nonconforming (with --aql)"),
        ("a\nmaybe\n", ["--result", "a"], "error: row 2: column 'a' (--result) has value 'maybe'"),
        ("a,b\n1,\n", ["--result", "b"], "error: row 2: column 'b' (--result) is empty"),
        ("a\n1\n", ["--result", "x"], "error: column 'x' (--result) not found"),
        (
            "d\n1.5\n",
            ["--nonconforming", "d"],
            "error: row 2: column 'd' (--nonconforming) has 1.5",
        ),
        (
            "d,e\n1,\n",
            ["--nonconforming", "e"],
            "error: row 2: column 'e' (--nonconforming) is empty",
        ),
        ("d\n1\n", ["--nonconforming", "d"], "error: lot 1: give whether the lot was accepted"),
        ("a\n1\n", ["--result", "a", "--aql", "1.5"], "error: lot 1: lot size is needed"),
        ("a\n1\n", ["--result", "a", "--standard", "iso"], "error: standard 'iso' is not one of"),
    ],
)
def test_switch_bad_input(tmp_path: Path, text: str, args: list[str], message: str) -> None:
    path = _csv(tmp_path, text)
    code, out, err = _run("sampling-switch", str(path), *args)
    assert code == 2
    assert err.startswith(message), err
    assert "Traceback" not in err + out
