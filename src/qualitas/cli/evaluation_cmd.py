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

from qualitas.cli.common import console, fail, fail_error
from qualitas.cli.i18n import gettext as _
from qualitas.cli.i18n import gettext_noop

framework_app = typer.Typer(
    help=gettext_noop("Evaluation frameworks (JSON or XLSX)."), no_args_is_help=True
)


def _setup() -> None:
    from qualitas.cli.platform import _setup as platform_setup

    platform_setup()


@framework_app.command("import", help=gettext_noop("Load a framework version."))
def framework_import_cmd(
    file: Path = typer.Argument(..., help=gettext_noop("A framework document (.json or .xlsx).")),
    draft: bool = typer.Option(
        False, help=gettext_noop("Load as a draft instead of making it the active version.")
    ),
) -> None:
    """Load a framework version."""
    _setup()
    from qualitas.evaluation.framework_io import FrameworkDocumentError, document_from_xlsx
    from qualitas.evaluation.services import EvaluationError, framework_import

    if not file.exists():
        fail(_("file not found: %(path)s") % {"path": file})
    try:
        if file.suffix.lower() in (".xlsx", ".xlsm"):
            doc = document_from_xlsx(file.read_bytes())
        elif file.suffix.lower() == ".json":
            doc = json.loads(file.read_text(encoding="utf-8"))
        else:
            fail(_("%(file)s: expected a .json or .xlsx file") % {"file": file.name})
    except (FrameworkDocumentError, json.JSONDecodeError) as exc:
        fail_error(exc, file.name)
    try:
        fw = framework_import(actor="cli", document=doc, activate=not draft)
    except EvaluationError as exc:
        fail_error(exc, file.name)
    n = fw.requirements.count()
    console.print(
        _(
            "framework %(code)s %(version)s loaded (%(status)s): %(dimensions)s dimensions, "
            "%(requirements)s requirements"
        )
        % {
            "code": fw.code,
            "version": fw.version,
            "status": fw.status,
            "dimensions": fw.dimensions.count(),
            "requirements": n,
        }
    )


@framework_app.command("export", help=gettext_noop("Write a framework version to a file."))
def framework_export_cmd(
    file: Path = typer.Argument(..., help=gettext_noop("Where to write (.json or .xlsx).")),
    code: str = typer.Option(
        "", help=gettext_noop("Framework code (default: the active framework).")
    ),
    version: str = typer.Option(
        "", help=gettext_noop("Version (default: the active or latest one).")
    ),
) -> None:
    """Write a framework version to a file."""
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
        fail(_("no such framework"))
    doc = framework_document(fw)
    suffix = file.suffix.lower()
    if suffix == ".json":
        file.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    elif suffix == ".xlsx":
        file.write_bytes(document_to_xlsx(doc))
    else:
        fail(_("%(file)s: expected a .json or .xlsx file") % {"file": file.name})
    console.print(
        _("framework %(code)s %(version)s written to %(path)s")
        % {"code": fw.code, "version": fw.version, "path": file}
    )


@framework_app.command("list", help=gettext_noop("List the framework versions."))
def framework_list_cmd() -> None:
    """List the framework versions."""
    _setup()
    from django.utils import timezone

    from qualitas.evaluation.models import Framework

    table = Table()
    for col in (_("code"), _("version"), _("status"), _("requirements"), _("loaded")):
        table.add_column(col)
    for fw in Framework.objects.order_by("code", "-imported_at"):
        table.add_row(
            fw.code,
            fw.version,
            fw.status,
            str(fw.requirements.count()),
            timezone.localdate(fw.imported_at).isoformat(),  # the day in Asia/Shanghai
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``qualitas framework …`` to the command."""
    app.add_typer(framework_app, name="framework")
