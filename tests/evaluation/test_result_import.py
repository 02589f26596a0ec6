"""Import of results of evaluations done elsewhere (issue 13): the row report names each
rejected row (line, column, reason) and nothing is half-written; a valid sheet is published at
once, marked as imported with its source and certificate number, and counts in the levels in
force; only authorities import, for enterprises of their regions; the page."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from qualitas.core.access import Forbidden
from qualitas.core.models import AuditEntry
from qualitas.evaluation import selectors, services
from qualitas.evaluation.models import Result
from qualitas.evaluation.services import EvaluationError
from tests.evaluation.conftest import actor

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HEADER = list(services.RESULT_IMPORT_COLUMNS)


def sheet(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good(world: Any, *, no: str = "ZJ-2026-001", ent: Any = None) -> list[Any]:
    e = ent or world.ent_a
    return [
        e.credit_code,
        3,
        3.42,
        TODAY - timedelta(days=30),
        TODAY + timedelta(days=1000),
        "浙江省质量协会",
        no,
    ]


def run(world: Any, content: bytes, role: str = "authority") -> Any:
    with translation.override("en"):
        return services.results_import(actor=actor(world.users[role]), content=content)


def test_every_rejected_row_is_named_and_nothing_is_written(world):
    rows = [
        good(world, no="A-1"),
        ["91330000XXXXXXXXXX", 3, "", TODAY, TODAY + timedelta(days=5), "X", "A-2"],
        [world.ent_a.credit_code, 7, "", TODAY, TODAY + timedelta(days=5), "X", "A-3"],
        [world.ent_a.credit_code, 2, 3.1, TODAY, TODAY + timedelta(days=5), "X", "A-4"],
        [
            world.ent_a.credit_code,
            2,
            "",
            TODAY + timedelta(days=1),
            TODAY + timedelta(days=5),
            "X",
            "A-5",
        ],
        [world.ent_a.credit_code, 2, "", TODAY, TODAY, "X", "A-6"],
        [world.ent_a.credit_code, 2, "", TODAY, TODAY + timedelta(days=5), "", ""],
        good(world, no="A-1"),
        good(world, no="C-1", ent=world.ent_c),  # Guangdong: outside the officer's regions
    ]
    report = run(world, sheet(rows))
    assert not report.ok and report.rows == 9 and report.created == 0
    assert [(e.line, e.column, e.message) for e in report.rejected] == [
        (3, "credit_code", "no registered enterprise has this credit code"),
        (4, "level", "the level is a whole number from 1 to 5"),
        (5, "score", "the score's whole part must be the level"),
        (6, "evaluated_on", "give the evaluation date (YYYY-MM-DD), not in the future"),
        (7, "valid_until", "give the validity end (YYYY-MM-DD), after the evaluation date"),
        (8, "source", "name the institution that evaluated"),
        (8, "certificate_no", "give the certificate's number"),
        (9, "certificate_no", "duplicate of line 2"),
        (10, "credit_code", "the enterprise lies outside your regions"),
    ]
    assert not Result.objects.exists()


def test_a_valid_sheet_is_published_marked_and_counts(world):
    report = run(
        world,
        sheet(
            [
                good(world),
                [
                    world.ent_b.credit_code,
                    2,
                    "",
                    TODAY,
                    TODAY + timedelta(days=900),
                    "宁波评价中心",
                    "NB-9",
                ],
            ]
        ),
    )
    assert report.ok and report.created == 2
    r = Result.objects.get(enterprise=world.ent_a)
    assert r.status == "published" and r.imported and r.source == "浙江省质量协会"
    assert r.source_certificate_no == "ZJ-2026-001" and r.level == 3 and str(r.score) == "3.4200"
    assert r.series == r.pk and r.version == 1 and r.certificate_code is None
    assert r.published_by == world.users["authority"]
    assert Result.objects.get(enterprise=world.ent_b).score == 2
    assert selectors.current_levels() == {world.ent_a.pk: 3, world.ent_b.pk: 2}
    entry = AuditEntry.objects.get(model="evaluation.result", action="import")
    assert entry.changes["rows"] == 2
    # the same certificate again: refused, naming the row
    again = run(world, sheet([good(world)]))
    assert [(e.line, e.column) for e in again.rejected] == [(2, "certificate_no")]
    assert again.rejected[0].message == "this certificate is already imported"


def test_file_refusals_and_who_imports(world):
    with translation.override("en"), pytest.raises(EvaluationError) as info:
        services.results_import(actor=actor(world.users["authority"]), content=b"not a sheet")
    assert info.value.field == "file"
    with translation.override("en"), pytest.raises(EvaluationError) as info:
        services.results_import(
            actor=actor(world.users["authority"]), content=sheet([], header=["credit_code"])
        )
    with translation.override("en"):
        assert str(info.value).startswith("missing column(s): level, evaluated_on")
    for role in ("enterprise", "evaluator", "institution_manager", "reviewer", "partner"):
        with pytest.raises(Forbidden):
            run(world, sheet([good(world)]), role)
    assert run(world, sheet([good(world, ent=world.ent_c)]), "admin").created == 1


def test_import_page_report_and_marker(world, client_for):
    c = client_for("authority")
    page = c.get("/evaluation/results/").content.decode()
    assert 'data-testid="results-import"' in page
    assert (
        'data-testid="results-import"'
        not in client_for("reviewer").get("/evaluation/results/").content.decode()
    )
    bad = [[world.ent_a.credit_code, 9, "", TODAY, TODAY + timedelta(days=5), "X", "B-1"]]
    r = c.post(
        "/evaluation/results/import/",
        {"file": SimpleUploadedFile("r.xlsx", sheet(bad))},
    )
    body = r.content.decode()
    assert r.status_code == 422 and 'data-testid="import-report"' in body
    assert "1 行中有 1 个问题：未导入任何数据" in body and "等级应为 1 至 5 的整数" in body
    r = c.post(
        "/evaluation/results/import/",
        {"file": SimpleUploadedFile("r.xlsx", sheet([good(world)]))},
        follow=True,
    )
    body = r.content.decode()
    assert "已导入 1 条评价结果。" in body and 'data-testid="imported"' in body
    assert "浙江省质量协会" in body and "ZJ-2026-001" in body
    res = Result.objects.get()
    page = c.get(f"/evaluation/results/{res.pk}/").content.decode()
    assert 'data-testid="imported"' in page and "导入：ZJ-2026-001" in page
