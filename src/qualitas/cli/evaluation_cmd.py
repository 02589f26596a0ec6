"""``qualitas framework import|export|list``: evaluation frameworks as JSON or XLSX (versioned data).

An association loads the official text of the standard when it has it: export the default,
edit it in a spreadsheet, give it a new version and import it. An existing (code, version) is
refused: versions are immutable once loaded.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from qualitas.cli.common import console, fail

framework_app = typer.Typer(
    help="Evaluation frameworks (JSON or XLSX). / 评价框架（JSON 或 XLSX）。", no_args_is_help=True
)


def _setup() -> None:
    from qualitas.cli.platform import _setup as platform_setup

    platform_setup()


@framework_app.command("import")
def framework_import_cmd(
    file: Path = typer.Argument(..., help="A framework document (.json or .xlsx)."),
    draft: bool = typer.Option(
        False, help="Load as a draft instead of making it the active version."
    ),
) -> None:
    """Load a framework version. / 导入评价框架版本。"""
    _setup()
    from qualitas.evaluation.framework_io import FrameworkDocumentError, document_from_xlsx
    from qualitas.evaluation.services import EvaluationError, framework_import

    if not file.exists():
        fail(f"file not found: {file}")
    try:
        if file.suffix.lower() in (".xlsx", ".xlsm"):
            doc = document_from_xlsx(file.read_bytes())
        elif file.suffix.lower() == ".json":
            doc = json.loads(file.read_text(encoding="utf-8"))
        else:
            fail(f"{file.name}: expected a .json or .xlsx file")
    except (FrameworkDocumentError, json.JSONDecodeError) as exc:
        fail(f"{file.name}: {exc}")
    try:
        fw = framework_import(actor="cli", document=doc, activate=not draft)
    except EvaluationError as exc:
        fail(f"{file.name}: {exc}")
    n = fw.requirements.count()
    console.print(
        f"framework {fw.code} {fw.version} loaded ({fw.status}): {fw.dimensions.count()} dimensions, {n} requirements / 已导入"
    )


@framework_app.command("export")
def framework_export_cmd(
    file: Path = typer.Argument(..., help="Where to write (.json or .xlsx)."),
    code: str = typer.Option("", help="Framework code (default: the active framework)."),
    version: str = typer.Option("", help="Version (default: the active or latest one)."),
) -> None:
    """Write a framework version to a file. / 导出评价框架版本。"""
    _setup()
    from qualitas.evaluation.framework_io import document_to_xlsx
    from qualitas.evaluation.models import Framework
    from qualitas.evaluation.services import framework_document

    qs = Framework.objects.all()
    if code:
        qs = qs.filter(code=code)
    if version:
        qs = qs.filter(version=version)
    fw = qs.filter(status="active").first() or qs.order_by("-imported_at").first()
    if fw is None:
        fail("no such framework")
    doc = framework_document(fw)
    suffix = file.suffix.lower()
    if suffix == ".json":
        file.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    elif suffix == ".xlsx":
        file.write_bytes(document_to_xlsx(doc))
    else:
        fail(f"{file.name}: expected a .json or .xlsx file")
    console.print(f"framework {fw.code} {fw.version} written to {file}")


@framework_app.command("list")
def framework_list_cmd() -> None:
    """List the framework versions. / 列出评价框架版本。"""
    _setup()
    from qualitas.evaluation.models import Framework

    table = Table()
    for col in ("code", "version", "status", "requirements", "loaded"):
        table.add_column(col)
    for fw in Framework.objects.order_by("code", "-imported_at"):
        table.add_row(
            fw.code,
            fw.version,
            fw.status,
            str(fw.requirements.count()),
            fw.imported_at.strftime("%Y-%m-%d"),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``qualitas framework …`` to the command."""
    app.add_typer(framework_app, name="framework")
