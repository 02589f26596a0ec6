"""Fixtures shared by the whole suite."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_REFERENCE = Path(
    os.environ.get("QUALITAS_REFERENCE_DIR", REPO_ROOT.parent / "shared" / "reference")
)


def _reference_dir() -> Path:
    """The published reference data, or skip (fail under CI) when it is absent."""
    if not (SHARED_REFERENCE / "expected.json").is_file():
        message = (
            f"reference data not found at {SHARED_REFERENCE}: clone with ../shared beside the "
            "repository (or set QUALITAS_REFERENCE_DIR) to check published values"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — under CI its absence is a failure")
        pytest.skip(message)
    return SHARED_REFERENCE


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """Path of ``../shared/reference``."""
    return _reference_dir()


@pytest.fixture(scope="session")
def expected(reference_dir: Path) -> dict:
    """The published answers in ``expected.json``."""
    return json.loads((reference_dir / "expected.json").read_text(encoding="utf-8"))
