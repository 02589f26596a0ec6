"""`make demo` sets up what the demo uses (issue 11 item 17): it runs scripts/system-deps.sh,
which installs chromium and the CJK fonts with root and otherwise says what will not work;
the README documents PORT and where each demo account starts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _target(name: str) -> tuple[str, str]:
    """The prerequisites and recipe of a Makefile target."""
    text = (ROOT / "Makefile").read_text()
    m = re.search(rf"^{name}:([^\n]*)\n((?:\t[^\n]*\n)*)", text, re.M)
    assert m, name
    return m.group(1), m.group(2)


def test_make_demo_runs_system_deps_and_takes_a_port() -> None:
    prereqs, recipe = _target("demo")
    assert "system-deps" in prereqs.split()
    assert "--port $(PORT)" in recipe
    assert "bash scripts/system-deps.sh" in _target("system-deps")[1]


def test_system_deps_without_root_says_what_will_not_work(tmp_path: Path) -> None:
    """No chromium, no fonts, no mosquitto on the PATH and no installing: the script exits 0 and
    names, per package, what the user will find broken (PDFs first of all)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("bash", "id", "grep"):
        found = shutil.which(tool)
        if found is None:
            pytest.skip(f"{tool} not on PATH")
        (bindir / tool).symlink_to(found)
    run = subprocess.run(
        ["bash", str(ROOT / "scripts" / "system-deps.sh")],
        env={"PATH": str(bindir), "QUALITAS_NO_SYSTEM_DEPS": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0
    err = run.stderr
    assert "cannot install chromium fonts-noto-cjk" in err
    assert "PDF reports" in err and "Chromium is not installed" in err
    assert "empty boxes" in err
    assert "make system-deps" in err


def test_readme_documents_port_and_where_each_account_starts() -> None:
    from qualitas.core.choices import Role

    readme = (ROOT / "README.md").read_text()
    assert "make demo PORT=8001" in readme
    section = readme.split("### Where to start, per role", 1)[1].split("\n## ", 1)[0]
    accounts = {"admin", "enterprise", "evaluator", "manager", "reviewer", "authority", "partner"}
    assert len(accounts) == len(Role.choices)
    for account in accounts:
        row = re.search(rf"^\| `{account}` \| `(/[^`]*)` \| (.+) \|$", section, re.M)
        assert row, account
        assert len(row.group(2)) > 20, account
    assert "| (public) |" in section


def test_every_path_the_readme_points_to_exists() -> None:
    from django.urls import Resolver404, resolve

    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Where to start, per role", 1)[1].split("\n## ", 1)[0]
    paths = set(re.findall(r"`(/[a-z0-9/_-]*)`", section))
    assert len(paths) > 20
    missing = []
    for path in sorted(paths):
        try:
            resolve(path)
        except Resolver404:
            missing.append(path)
    assert missing == []
