"""``qualitas supervision redraw`` re-draws a published list from its frame file and seed, and
checks a campaign's drawn enterprises against the platform's stored frame."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qualitas.cli import app
from tests.supervision.factories import campaign

pytestmark = pytest.mark.django_db


def test_redraw_from_the_published_frame_file(world, tmp_path):
    c = campaign(world, n=1)
    frame = tmp_path / "frame.csv"
    frame.write_text(c.frame + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["--lang", "en", "supervision", "redraw", str(frame), "--seed", str(c.seed), "--n", "1"],
    )
    assert result.exit_code == 0, result.output
    assert c.samples.get().enterprise.credit_code in result.output
    assert c.frame_digest[:16] in result.output.replace("\n", "")
    result = CliRunner().invoke(
        app, ["--lang", "en", "supervision", "redraw", "--campaign", c.code]
    )
    assert result.exit_code == 0 and "equals the enterprises drawn" in result.output
    result = CliRunner().invoke(
        app,
        [
            "--lang",
            "en",
            "supervision",
            "redraw",
            str(tmp_path / "none.csv"),
            "--seed",
            "1",
            "--n",
            "1",
        ],
    )
    assert result.exit_code == 2
