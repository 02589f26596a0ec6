"""Framework documents: JSON and XLSX round trips, validation, the CLI."""

from __future__ import annotations

import json

import pytest
from django.utils import translation
from typer.testing import CliRunner

from qualitas.evaluation.framework_io import (
    FrameworkDocumentError,
    default_document,
    document_from_xlsx,
    document_to_xlsx,
    validate_document,
)
from qualitas.evaluation.services import framework_document

pytestmark = pytest.mark.django_db


def _strip(doc):
    return json.loads(json.dumps(doc, sort_keys=True))


def test_export_equals_the_shipped_document(fw):
    shipped = default_document()
    exported = framework_document(fw)
    assert _strip(exported["dimensions"]) == _strip(shipped["dimensions"])
    assert exported["gating"] == shipped["gating"] and exported["scale"] == shipped["scale"]


def test_xlsx_round_trip(fw):
    doc = framework_document(fw)
    back = document_from_xlsx(document_to_xlsx(doc))
    validate_document(back)
    assert _strip(back["dimensions"]) == _strip(doc["dimensions"])
    assert back["threshold"] == 0.8 and back["version"] == "1.0"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(format="x"), "format"),
        (lambda d: d["dimensions"][0]["indicators"][0]["requirements"][0].update(level=7), "level"),
        (lambda d: d["dimensions"][1].update(code="D1"), "appears twice"),
        (lambda d: d["dimensions"][0].update(weight=0), "weight"),
        (lambda d: d.update(scale=[{"code": "full", "score": 1}]), "scale"),
    ],
)
def test_validation_names_the_part(change, where):
    doc = default_document()
    change(doc)
    with translation.override("en"), pytest.raises(FrameworkDocumentError, match=where):
        validate_document(doc)


def test_a_document_error_reads_in_the_readers_language():
    doc = default_document()
    doc["dimensions"][1].update(code="D1")
    with pytest.raises(FrameworkDocumentError) as exc:
        validate_document(doc)
    assert exc.value.field == exc.value.where == "dimensions[1]"
    with translation.override("en"):
        assert str(exc.value) == "dimensions[1]: code 'D1' appears twice"
    with translation.override("zh-hans"):
        assert str(exc.value) == "dimensions[1]: 代码 'D1' 重复出现"


def test_cli_export_and_import_a_new_version(fw, tmp_path, monkeypatch):
    import typer

    from qualitas.cli import evaluation_cmd
    from qualitas.evaluation.models import Framework

    monkeypatch.setattr(evaluation_cmd, "_setup", lambda: None)
    app = typer.Typer()
    evaluation_cmd.register(app)
    runner = CliRunner()
    out = tmp_path / "fw.xlsx"
    r = runner.invoke(app, ["framework", "export", str(out)])
    assert r.exit_code == 0, r.output
    with translation.override("en"):
        r = runner.invoke(app, ["framework", "import", str(out)])
    assert r.exit_code == 2 and "already exists" in r.output
    with translation.override("zh-hans"):
        r = runner.invoke(app, ["framework", "import", str(out)])
    assert r.exit_code == 2 and "已存在" in r.output and "already exists" not in r.output
    from openpyxl import load_workbook

    wb = load_workbook(out)
    for row in wb["framework"].iter_rows():
        if row[0].value == "version":
            row[1].value = "1.1"
    wb.save(out)
    r = runner.invoke(app, ["framework", "import", str(out)])
    assert r.exit_code == 0, r.output
    assert Framework.objects.get(version="1.1").requirements.count() == 127
    js = tmp_path / "fw.json"
    assert runner.invoke(app, ["framework", "export", str(js), "--version", "1.0"]).exit_code == 0
    assert json.loads(js.read_text())["version"] == "1.0"
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "qualitas-framework/1", "code": "x"}')
    r = runner.invoke(app, ["framework", "import", str(bad)])
    assert r.exit_code == 2 and "version" in r.output
