"""Platform commands of ``qualitas``: serve, worker, migrate, demo-data, import, createuser, check, audit.

Each command sets Django up itself (``qualitas.config.settings.local`` unless
``DJANGO_SETTINGS_MODULE`` says otherwise). Errors a user can fix are one line and exit 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from qualitas.cli.common import console, fail, fail_error
from qualitas.cli.i18n import activate_django, gettext_noop, ngettext
from qualitas.cli.i18n import gettext as _


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitas.config.settings.local")
    import django
    from django.core.exceptions import ImproperlyConfigured

    from qualitas.core.errors import MissingSettings, UnsafeSettings

    try:
        django.setup()
    except (MissingSettings, UnsafeSettings) as exc:
        fail(_(exc.template) % {"names": ", ".join(exc.names)})
    except ImproperlyConfigured as exc:
        fail(str(exc))
    activate_django()
    from django.conf import settings

    var = getattr(settings, "VAR_DIR", None)
    if var is not None:
        Path(var).mkdir(parents=True, exist_ok=True)


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


# help texts of the commands registered by name in :func:`register`
HELP = {
    "migrate": gettext_noop("Create or update the database schema and load the code lists."),
    "serve": gettext_noop(
        "Serve the platform for a demo (Django's server; use gunicorn in production)."
    ),
    "worker": gettext_noop("Run the background task worker (imports, recomputations)."),
    "demo-data": gettext_noop("Load the reproducible demo data set (idempotent)."),
    "createuser": gettext_noop("Create a user with a role and its scope."),
    "notify-deadlines": gettext_noop(
        "Notify every user of deadlines near or past (in the app and by e-mail; run it daily)."
    ),
    "check": gettext_noop(
        "Check the configuration and that the database is reachable and migrated."
    ),
}
# the kinds of audit-chain problems (core.audit.ChainProblem.kind), as the report names them
PROBLEM_KINDS = {
    "edited": gettext_noop("edited"),
    "missing": gettext_noop("missing"),
    "truncated": gettext_noop("truncated"),
    "checkpoint": gettext_noop("checkpoint"),
}

import_app = typer.Typer(help=gettext_noop("Bulk imports."), no_args_is_help=True)
audit_app = typer.Typer(help=gettext_noop("The audit log."), no_args_is_help=True)


def migrate() -> None:
    """Create or update the database schema and load the code lists."""
    _setup()
    _manage("migrate", "--no-input", "-v", "0")
    from qualitas.registry.models import Industry, Region

    console.print(
        _("database ready: %(regions)s regions, %(industries)s industries")
        % {"regions": Region.objects.count(), "industries": Industry.objects.count()}
    )


def serve(
    host: str = typer.Option("127.0.0.1", help=gettext_noop("Address to listen on.")),
    port: int = typer.Option(8000, help=gettext_noop("Port.")),
    worker: bool = typer.Option(True, help=gettext_noop("Also start the background task worker.")),
) -> None:
    """Serve the platform for a demo (Django's server; use gunicorn in production)."""
    _setup()
    import signal

    from django.conf import settings

    # SIGTERM (e.g. from a service manager) must also stop the worker: turn it into SystemExit
    # so that the ``finally`` below runs.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    proc = None
    if worker:
        proc = subprocess.Popen(
            [sys.executable, "-m", "qualitas.cli", "worker"], env=os.environ.copy()
        )
    try:
        _manage("collectstatic", "--no-input", "-v", "0")
        console.print(
            _("Qualitas at %(url)s  (settings: %(settings)s)")
            % {"url": f"http://{host}:{port}/", "settings": settings.SETTINGS_MODULE}
        )
        from django.core.management import call_command

        call_command("runserver", f"{host}:{port}", "--noreload", "--skip-checks")
    finally:
        if proc is not None:
            proc.terminate()


def worker(
    backend: str = typer.Option(
        "default", help=gettext_noop("Task backend alias (settings.TASKS).")
    ),
    max_tasks: int = typer.Option(
        0, help=gettext_noop("Stop after this many tasks (0: run until stopped).")
    ),
) -> None:
    """Run the background task worker (imports, recomputations)."""
    _setup()
    args = ["db_worker", "--interval", "0.5", "--backend", backend, "--no-startup-delay"]
    if max_tasks:
        args += ["--max-tasks", str(max_tasks)]
    _manage(*args)


def demo_data(
    enterprises: int = typer.Option(3000, min=1, help=gettext_noop("Number of enterprises.")),
    seed: int = typer.Option(
        20261122, help=gettext_noop("Random seed: the same seed gives the same data.")
    ),
) -> None:
    """Load the reproducible demo data set (idempotent)."""
    _setup()
    from qualitas.registry.demo import DEMO_PASSWORD, demo_data_load

    with Progress(
        TextColumn(_("enterprises")),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("load", total=enterprises)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or 1)

        result = demo_data_load(enterprises=enterprises, seed=seed, progress=progress)
        bar.update(task, completed=bar.tasks[0].total or 0)
    console.print(
        _("%(created)s enterprises created, %(total)s in the registry")
        % {"created": result["enterprises_created"], "total": result["enterprises_total"]}
    )
    table = Table(title=_("Demo accounts (password: %(password)s)") % {"password": DEMO_PASSWORD})
    for col in (_("user"), _("role"), _("scope")):
        table.add_column(col)
    for a in result["accounts"]:
        table.add_row(a.username, a.role, a.scope)
    console.print(table)


@import_app.command(
    "enterprises",
    help=gettext_noop("Import enterprises; nothing is written unless every row is valid."),
)
def import_enterprises_cmd(
    file: Path = typer.Argument(..., help=gettext_noop("CSV or XLSX with a header row.")),
    as_user: str = typer.Option(
        "", "--as", help=gettext_noop("Record the import as this user (default: system).")
    ),
) -> None:
    """Import enterprises; nothing is written unless every row is valid."""
    _setup()
    from django.contrib.auth import get_user_model

    from qualitas.core.access import Actor, actor_for, can_import
    from qualitas.core.choices import Role
    from qualitas.registry.imports import ImportFileError, import_enterprises

    if not file.exists():
        fail(_("file not found: %(path)s") % {"path": file})
    actor: Any = Actor(user=None, role=Role.ADMIN)
    if as_user:
        user = get_user_model().objects.filter(username=as_user).first()
        if user is None:
            fail(_("no user named %(name)r") % {"name": as_user})
        actor = actor_for(user)
        if not can_import(actor):
            fail(_("user %(name)r may not import enterprises") % {"name": as_user})
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(
                    _("validating rows") if phase == "validate" else _("writing rows"),
                    total=total,
                )
            bar.update(tasks[phase], completed=done)

        try:
            result = import_enterprises(
                actor=actor, filename=file.name, content=file.read_bytes(), progress=progress
            )
        except ImportFileError as exc:
            fail_error(exc)
    if not result.ok:
        table = Table(
            title=ngettext(
                "%(count)s problem — nothing was imported",
                "%(count)s problems — nothing was imported",
                result.error_count,
            )
            % {"count": result.error_count}
        )
        for col in (_("line"), _("column"), _("problem")):
            table.add_column(col)
        for e in result.errors:
            table.add_row(str(e.line), e.column, e.message)
        console.print(table)
        raise typer.Exit(code=2)
    console.print(_("%(count)s enterprises imported") % {"count": result.created})


def createuser(
    username: str = typer.Argument(...),
    role: str = typer.Option(
        ...,
        help=gettext_noop(
            "enterprise, evaluator, institution_manager, reviewer, authority, partner, admin"
        ),
    ),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    enterprise: str = typer.Option(
        "", help=gettext_noop("Credit code of the user's enterprise (role enterprise).")
    ),
    institution: int = typer.Option(
        0, help=gettext_noop("Id of the user's institution (evaluator, manager, reviewer).")
    ),
    region: list[str] = typer.Option(
        [], help=gettext_noop("Region code(s) of an authority officer; repeat for several.")
    ),
) -> None:
    """Create a user with a role and its scope."""
    _setup()
    from qualitas.core.services import ProfileError, user_create

    try:
        user = user_create(
            username=username,
            password=password,
            role=role,
            enterprise_code=enterprise,
            institution_id=institution or None,
            region_codes=region,
        )
    except ProfileError as exc:
        fail_error(exc)
    console.print(_("user %(name)s created as %(role)s") % {"name": user.username, "role": role})


def notify_deadlines() -> None:
    """Notify every user of deadlines near or past (in the app and by e-mail; run it daily)."""
    _setup()
    from django.contrib.auth import get_user_model

    from qualitas.core.notifications import deliver_deadlines

    users = get_user_model().objects.filter(is_active=True, profile__isnull=False)
    created = sum(deliver_deadlines(u) for u in users.select_related("profile").iterator())
    console.print(_("%(count)s notification(s) of deadlines created") % {"count": created})


def check() -> None:
    """Check the configuration and that the database is reachable and migrated."""
    _setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    call_command("check", "--fail-level", "ERROR", "-v", "0")
    db = settings.DATABASES["default"]
    try:
        connection.ensure_connection()
    except Exception as exc:
        fail(
            (
                _("database %(name)s (%(vendor)s) not reachable: %(error)s")
                % {"name": db.get("NAME"), "vendor": connection.vendor, "error": exc}
            ).splitlines()[0]
        )
    pending = MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )
    console.print(f"settings: {settings.SETTINGS_MODULE}; DEBUG={settings.DEBUG}")
    console.print(
        _("database: %(vendor)s %(name)s — reachable")
        % {"vendor": connection.vendor, "name": db.get("NAME")}
    )
    if pending:
        fail(
            ngettext(
                "%(count)s migration not applied: run `qualitas migrate`",
                "%(count)s migrations not applied: run `qualitas migrate`",
                len(pending),
            )
            % {"count": len(pending)}
        )
    console.print(_("migrations: up to date"))


@audit_app.command(
    "verify",
    help=gettext_noop("Recompute the audit chain; report edited, deleted or truncated entries."),
)
def audit_verify_cmd(
    checkpoints: Path | None = typer.Option(
        None, help=gettext_noop("A checkpoints file exported earlier (one 'seq hash' per line).")
    ),
) -> None:
    """Recompute the audit chain; report edited, deleted or truncated entries."""
    _setup()
    from qualitas.core.audit import audit_verify

    external: list[tuple[int, str]] = []
    if checkpoints is not None:
        if not checkpoints.exists():
            fail(_("file not found: %(path)s") % {"path": checkpoints})
        for n, line in enumerate(checkpoints.read_text().splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2 or not parts[0].isdigit():
                fail(
                    _("%(file)s line %(line)s: expected 'seq hash'")
                    % {"file": checkpoints.name, "line": n}
                )
            external.append((int(parts[0]), parts[1]))
    report = audit_verify(external_checkpoints=external)
    if report.ok:
        console.print(
            _("audit log intact: %(entries)s entries, last #%(last)s")
            % {"entries": report.entries, "last": report.last_seq}
        )
        return
    for p in report.problems:
        console.print(
            f"[red]#{p.seq} {escape(_(PROBLEM_KINDS.get(p.kind, p.kind)))}:[/] {escape(str(p.message))}",
            highlight=False,
        )
    raise typer.Exit(code=1)


@audit_app.command(
    "export-checkpoints",
    help=gettext_noop(
        "Write a checkpoint now and export all checkpoints, to keep outside the database."
    ),
)
def audit_export_cmd(
    file: Path = typer.Argument(..., help=gettext_noop("Where to write 'seq hash' lines.")),
) -> None:
    """Write a checkpoint now and export all checkpoints, to keep outside the database."""
    _setup()
    from qualitas.core.audit import audit_checkpoint_now
    from qualitas.core.models import AuditCheckpoint

    audit_checkpoint_now()
    rows = AuditCheckpoint.objects.order_by("seq").values_list("seq", "hash")
    file.write_text("".join(f"{s} {h}\n" for s, h in rows))
    console.print(
        ngettext(
            "%(count)s checkpoint written to %(path)s",
            "%(count)s checkpoints written to %(path)s",
            len(rows),
        )
        % {"count": len(rows), "path": file}
    )


def register(app: typer.Typer) -> None:
    """Add the platform commands to the ``qualitas`` command."""
    app.command("migrate", help=HELP["migrate"])(migrate)
    app.command("serve", help=HELP["serve"])(serve)
    app.command("worker", help=HELP["worker"])(worker)
    app.command("demo-data", help=HELP["demo-data"])(demo_data)
    app.command("createuser", help=HELP["createuser"])(createuser)
    app.command("check", help=HELP["check"])(check)
    app.command("notify-deadlines", help=HELP["notify-deadlines"])(notify_deadlines)
    app.add_typer(import_app, name="import")
    app.add_typer(audit_app, name="audit")
    __import__("qualitas.cli.evaluation_cmd", fromlist=["register"]).register(
        app
    )  # qualitas framework …
    from qualitas.cli import diagnosis_cmd

    diagnosis_cmd.register(app)
    from qualitas.cli import traceability_cmd

    traceability_cmd.register(app)
    from qualitas.cli import supervision_cmd

    supervision_cmd.register(app)
    from qualitas.cli import credit_cmd

    credit_cmd.register(app)
    from qualitas.cli import standards_cmd

    standards_cmd.register(app)
    from qualitas.cli import portal_cmd

    portal_cmd.register(app)
