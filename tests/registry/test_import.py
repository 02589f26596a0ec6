"""Bulk import: every row validated first, every bad row reported, nothing written half."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from qualitas.core.access import Actor
from qualitas.core.models import AuditEntry, Job
from qualitas.registry.imports import ImportFileError, import_enterprises
from qualitas.registry.models import Enterprise
from tests.factories import credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The import's messages are in the importing user's language; these tests ask for English."""
    from django.utils import translation

    with translation.override("en"):
        yield


ADMIN = Actor(user=None, role="admin")
HEADER = "credit_code,name_zh,name_en,region,industry,size_class,status,founded\n"


def _csv(rows: list[str]) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_valid_csv_is_imported_and_audited(world):
    rows = [
        f"{credit_code('330100')},杭州甲{i}机械有限公司,Jia {i} Machinery,330100,C34,small,active,2010-05-0{i % 9 + 1}"
        for i in range(20)
    ]
    before = AuditEntry.objects.count()
    result = import_enterprises(actor=ADMIN, filename="a.csv", content=_csv(rows))
    assert result.ok and result.created == 20
    assert Enterprise.objects.filter(name_zh__startswith="杭州甲").count() == 20
    assert AuditEntry.objects.count() == before + 20


def test_every_bad_row_is_listed_and_nothing_is_written(world):
    good = credit_code("330100")
    rows = [
        f"{good},杭州乙机械有限公司,,330100,C34,small,active,",
        f"{good},杭州丙机械有限公司,,330100,C34,small,active,",  # duplicate code in the file
        f"{credit_code('330100')[:-1]}I,杭州丁机械有限公司,,330100,C34,small,active,",  # illegal character
        f"{credit_code('330100')},,,330100,C34,small,active,",  # missing name
        f"{credit_code('330100')},杭州戊机械有限公司,,999999,C99,huge,active,2999-01-01",  # region, industry, size, date
        f"{world.ent_a.credit_code},杭州己机械有限公司,,330100,C34,small,active,",  # already registered
    ]
    count = Enterprise.objects.count()
    result = import_enterprises(actor=ADMIN, filename="b.csv", content=_csv(rows))
    assert not result.ok
    assert Enterprise.objects.count() == count
    problems = {(e.line, e.column) for e in result.errors}
    assert (3, "credit_code") in problems  # the duplicate, line 3 (header is line 1)
    assert (4, "credit_code") in problems
    assert (5, "name_zh") in problems
    assert {(6, "region"), (6, "industry"), (6, "size_class"), (6, "founded")} <= problems
    assert (7, "credit_code") in problems
    assert (2, "credit_code") not in problems
    dup = next(e for e in result.errors if e.line == 3)
    assert "duplicate of line 2" in dup.message
    illegal = next(e for e in result.errors if e.line == 4)
    assert "position 18" in illegal.message


def test_xlsx_and_chinese_aliases(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["credit_code", "name_zh", "region", "industry", "size_class", "status"])
    ws.append([credit_code("440300"), "深圳甲电子有限公司", "440300", "39", "中型", "存续"])
    buf = io.BytesIO()
    wb.save(buf)
    result = import_enterprises(actor=ADMIN, filename="c.xlsx", content=buf.getvalue())
    assert result.ok, result.errors
    e = Enterprise.objects.get(name_zh="深圳甲电子有限公司")
    assert (e.size_class, e.status, e.industry_id, e.province_id) == (
        "medium",
        "active",
        "C39",
        "440000",
    )


def test_file_level_errors():
    with pytest.raises(ImportFileError, match="missing column"):
        import_enterprises(actor=ADMIN, filename="d.csv", content=b"name\nx\n")
    with pytest.raises(ImportFileError, match="unsupported file type"):
        import_enterprises(actor=ADMIN, filename="d.pdf", content=b"%PDF")
    with pytest.raises(ImportFileError, match="XLSX"):
        import_enterprises(actor=ADMIN, filename="d.xlsx", content=b"not a zip")


def test_authority_rows_outside_regions_refused(world):
    from qualitas.core.access import actor_for

    rows = [f"{credit_code('440300')},深圳乙电子有限公司,,440300,C39,small,active,"]
    result = import_enterprises(
        actor=actor_for(world.users["authority"]), filename="e.csv", content=_csv(rows)
    )
    assert [(e.line, e.column) for e in result.errors] == [(2, "region")]


def test_page_upload_runs_a_job_with_progress(
    world, client_for, django_capture_on_commit_callbacks
):
    c = client_for("authority")
    rows = [
        f"{credit_code('330100')},杭州庚{i}电器有限公司,,330100,C38,micro,active," for i in range(5)
    ]
    upload = io.BytesIO(_csv(rows))
    upload.name = "f.csv"
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/registry/import/", {"file": upload})
    assert r.status_code == 302
    job = Job.objects.get()
    assert job.status == "succeeded" and job.percent == 100
    page = c.get(r["Location"])
    assert (
        "已导入 5 家企业" in page.content.decode()
        or "5 enterprises imported" in page.content.decode()
    )
    # the API view of the same job
    assert c.get(f"/api/registry/jobs/{job.pk}").json()["status"] == "succeeded"
    # a failed import shows its rows
    upload = io.BytesIO(_csv(["bad,,,,,,,"]))
    upload.name = "g.csv"
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/registry/import/", {"file": upload})
    page = c.get(r["Location"]).content.decode()
    assert 'data-testid="errors"' in page and "credit_code" in page


def test_cli_import_with_progress_and_refusal(world, tmp_path, capsys):
    from typer.testing import CliRunner

    from qualitas.cli import app

    good = tmp_path / "ok.csv"
    good.write_bytes(
        _csv([f"{credit_code('330100')},杭州辛电器有限公司,,330100,C38,micro,active,"])
    )
    runner = CliRunner()
    r = runner.invoke(app, ["import", "enterprises", str(good)])
    assert r.exit_code == 0, r.output
    assert "1 enterprises imported" in r.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(["x,,,,,,,"]))
    r = runner.invoke(app, ["import", "enterprises", str(bad)])
    assert r.exit_code == 2
    assert "nothing was imported" in r.output
    r = runner.invoke(app, ["import", "enterprises", str(tmp_path / "missing.csv")])
    assert r.exit_code == 2 and "file not found" in r.output


@pytest.mark.parametrize(
    ("language", "outside", "summary"),
    [
        ("zh-hans", "不在您的辖区内", "发现 1 个问题，未导入任何数据"),
        ("en", "outside your regions", "1 problem(s); nothing was imported"),
    ],
)
def test_job_reports_rows_in_the_language_of_the_upload(
    world, client_for, django_capture_on_commit_callbacks, language, outside, summary
):
    """The background job keeps the language of the request that started it."""
    rows = [f"{credit_code('440300')},深圳丙电子有限公司,,440300,C39,small,active,"]
    upload = io.BytesIO(_csv(rows))
    upload.name = "h.csv"
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for("authority").post(
            "/registry/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE=language
        )
    assert r.status_code == 302
    job = Job.objects.get()
    assert job.status == "failed" and job.message == summary
    assert [(e["line"], e["column"], e["message"]) for e in job.result["errors"]] == [
        (2, "region", outside)
    ]


def test_row_messages_in_chinese(world):
    from django.utils import translation

    good = credit_code("330100")
    rows = [f"{good},杭州壬机械有限公司,,330100,C34,small,active,"] * 2
    with translation.override("zh-hans"):
        result = import_enterprises(actor=ADMIN, filename="i.csv", content=_csv(rows))
        with pytest.raises(ImportFileError) as info:
            import_enterprises(actor=ADMIN, filename="d.pdf", content=b"%PDF")
        assert str(info.value) == "不支持的文件类型 .pdf：仅支持 .csv 或 .xlsx"
    assert [e.message for e in result.errors] == ["与第2行重复"]


def test_api_upload_answers_the_job(world, client_for, django_capture_on_commit_callbacks):
    rows = [f"{credit_code('330100')},杭州癸电器有限公司,,330100,C38,micro,active,"]
    upload = io.BytesIO(_csv(rows))
    upload.name = "j.csv"
    c = client_for("authority")
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/api/registry/imports?lang=en", {"file": upload})
    assert r.status_code == 202, r.content
    assert r.json()["kind"] == "import_enterprises" and r.json()["status"] == "queued"
    job = c.get(f"/api/registry/jobs/{r.json()['id']}").json()
    assert (job["status"], job["percent"], job["message"]) == (
        "succeeded",
        100,
        "1 enterprises imported",
    )


def test_a_script_website_is_a_row_error(world):
    """Issue 16 §1: the bulk import refuses a website that is not an http(s) address, by row."""
    header = HEADER.strip() + ",website\n"
    content = (
        header
        + f"{credit_code('330100')},杭州庚机械有限公司,,330100,C34,small,active,,https://geng.example.cn\n"
        + f"{credit_code('330100')},杭州辛机械有限公司,,330100,C34,small,active,,javascript:alert(1)\n"
    ).encode()
    count = Enterprise.objects.count()
    result = import_enterprises(actor=ADMIN, filename="w.csv", content=content)
    assert not result.ok and Enterprise.objects.count() == count
    assert [(e.line, e.column) for e in result.errors] == [(3, "website")]


# -- issue 16 §5: every row in the file is imported or reported; a job always ends ---------


def _understated_xlsx(n: int) -> bytes:
    """An XLSX of ``n`` data rows whose declared dimension says only one row (as some writers
    leave it): a reader that trusts the dimension drops the rest."""
    import re
    import zipfile

    wb = Workbook()
    ws = wb.active
    ws.append(["credit_code", "name_zh", "region", "industry", "size_class", "status"])
    for i in range(n):
        ws.append(
            [credit_code("330100"), f"杭州维度{i}机械有限公司", "330100", "C34", "small", "active"]
        )
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:F2"', data)
            dst.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_with_an_understated_dimension_imports_every_row(world):
    result = import_enterprises(actor=ADMIN, filename="dim.xlsx", content=_understated_xlsx(5))
    assert result.ok, result.errors
    assert (result.rows, result.created) == (5, 5)
    assert Enterprise.objects.filter(name_zh__startswith="杭州维度").count() == 5


def test_a_csv_with_bare_cr_line_endings_imports_every_row(world):
    rows = [
        f"{credit_code('330100')},杭州回车{i}机械有限公司,,330100,C34,small,active,2010-05-01"
        for i in range(3)
    ]
    content = (HEADER + "\n".join(rows) + "\n").replace("\n", "\r").encode()
    result = import_enterprises(actor=ADMIN, filename="cr.csv", content=content)
    assert result.ok, result.errors
    assert result.created == 3


def test_a_job_that_breaks_ends_failed_with_the_reason(world, monkeypatch):
    from qualitas.registry import imports

    job = Job.objects.create(
        kind="import_enterprises", created_by=world.users["admin"], params={"filename": "x.csv"}
    )
    path = imports._upload_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_csv([]))

    def broken(**kwargs):  # noqa: ANN003, ANN202
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "import_enterprises", broken)
    imports.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert "disk on fire" in job.message
    assert not path.exists()


# -- issue 16 §4: sizes before reading, rows while reading ----------------------------------


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(world, client_for, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.QUALITAS = {**settings.QUALITAS, "UPLOAD_MAX_BYTES": 1000}
    big = SimpleUploadedFile("big.csv", _csv([f"x{i}" * 50 for i in range(40)]))
    r = client_for("admin").post("/api/registry/imports", {"file": big}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"][-1] == "file" and "at most 1000" in detail["msg"]
    assert not Job.objects.exists()


def test_rows_beyond_the_limit_stop_the_reading(world, monkeypatch):
    from qualitas.registry import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = [
        f"{credit_code('330100')},杭州多行{i}机械有限公司,,330100,C34,small,active,"
        for i in range(5)
    ]
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        import_enterprises(actor=ADMIN, filename="many.csv", content=_csv(rows))
    assert not Enterprise.objects.filter(name_zh__startswith="杭州多行").exists()
