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
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from qualitas.cli.common import console, fail


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitas.config.settings.local")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        fail(str(exc))
    from django.conf import settings

    var = getattr(settings, "VAR_DIR", None)
    if var is not None:
        Path(var).mkdir(parents=True, exist_ok=True)


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


import_app = typer.Typer(help="Bulk imports. / 批量导入。", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log. / 审计日志。", no_args_is_help=True)


def migrate() -> None:
    """Create or update the database schema and load the code lists. / 迁移数据库并载入代码表。"""
    _setup()
    _manage("migrate", "--no-input", "-v", "0")
    from qualitas.registry.models import Industry, Region

    console.print(
        f"database ready: {Region.objects.count()} regions, {Industry.objects.count()} industries"
    )


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on. / 监听地址。"),
    port: int = typer.Option(8000, help="Port. / 端口。"),
    worker: bool = typer.Option(
        True, help="Also start the background task worker. / 同时启动后台任务进程。"
    ),
) -> None:
    """Serve the platform for a demo (Django's server; use gunicorn in production). / 启动演示服务。"""
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
        console.print(f"Qualitas at http://{host}:{port}/  (settings: {settings.SETTINGS_MODULE})")
        from django.core.management import call_command

        call_command("runserver", f"{host}:{port}", "--noreload", "--skip-checks")
    finally:
        if proc is not None:
            proc.terminate()


def worker(
    backend: str = typer.Option(
        "default", help="Task backend alias (settings.TASKS). / 任务后端。"
    ),
    max_tasks: int = typer.Option(
        0, help="Stop after this many tasks (0: run until stopped). / 处理若干任务后退出。"
    ),
) -> None:
    """Run the background task worker (imports, recomputations). / 运行后台任务进程。"""
    _setup()
    args = ["db_worker", "--interval", "0.5", "--backend", backend, "--no-startup-delay"]
    if max_tasks:
        args += ["--max-tasks", str(max_tasks)]
    _manage(*args)


def demo_data(
    enterprises: int = typer.Option(3000, min=1, help="Number of enterprises. / 企业数量。"),
    seed: int = typer.Option(
        20261122, help="Random seed: the same seed gives the same data. / 随机种子。"
    ),
) -> None:
    """Load the reproducible demo data set (idempotent). / 载入可复现的演示数据（幂等）。"""
    _setup()
    from qualitas.registry.demo import DEMO_PASSWORD, demo_data_load

    with Progress(
        TextColumn("enterprises"),
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
        f"{result['enterprises_created']} enterprises created, {result['enterprises_total']} in the registry"
    )
    table = Table(
        title=f"Demo accounts (password: {DEMO_PASSWORD}) / 演示账号（密码：{DEMO_PASSWORD}）"
    )
    for col in ("user", "role", "scope"):
        table.add_column(col)
    for a in result["accounts"]:
        table.add_row(a.username, a.role, a.scope)
    console.print(table)


@import_app.command("enterprises")
def import_enterprises_cmd(
    file: Path = typer.Argument(
        ..., help="CSV or XLSX with a header row. / 带表头的 CSV 或 XLSX 文件。"
    ),
    as_user: str = typer.Option(
        "", "--as", help="Record the import as this user (default: system). / 以该用户身份导入。"
    ),
) -> None:
    """Import enterprises; nothing is written unless every row is valid. / 导入企业；任一行有误则全部不写入。"""
    _setup()
    from django.contrib.auth import get_user_model

    from qualitas.core.access import Actor, actor_for
    from qualitas.registry.imports import ImportFileError, import_enterprises

    if not file.exists():
        fail(f"file not found: {file}")
    actor: Any = Actor(user=None, role="admin")
    if as_user:
        user = get_user_model().objects.filter(username=as_user).first()
        if user is None:
            fail(f"no user named {as_user!r}")
        actor = actor_for(user)
        if actor.role not in ("admin", "authority"):
            fail(f"user {as_user!r} may not import enterprises")
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
                    "validating rows" if phase == "validate" else "writing rows", total=total
                )
            bar.update(tasks[phase], completed=done)

        try:
            result = import_enterprises(
                actor=actor, filename=file.name, content=file.read_bytes(), progress=progress
            )
        except ImportFileError as exc:
            fail(str(exc))
    if not result.ok:
        table = Table(
            title=f"{result.error_count} problem(s) — nothing was imported / 未导入任何数据"
        )
        for col in ("line", "column", "problem"):
            table.add_column(col)
        for e in result.errors:
            table.add_row(str(e.line), e.column, e.message)
        console.print(table)
        raise typer.Exit(code=2)
    console.print(f"{result.created} enterprises imported / 已导入 {result.created} 家企业")


def createuser(
    username: str = typer.Argument(...),
    role: str = typer.Option(
        ..., help="enterprise, evaluator, institution_manager, reviewer, authority, admin"
    ),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    enterprise: str = typer.Option(
        "", help="Credit code of the user's enterprise (role enterprise)."
    ),
    institution: int = typer.Option(
        0, help="Id of the user's institution (evaluator, manager, reviewer)."
    ),
    region: list[str] = typer.Option(
        [], help="Region code(s) of an authority officer; repeat for several."
    ),
) -> None:
    """Create a user with a role and its scope. / 创建带角色与范围的用户。"""
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
        fail(str(exc))
    console.print(f"user {user.username} created as {role}")


def check() -> None:
    """Check the configuration and that the database is reachable and migrated. / 检查配置与数据库。"""
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
            f"database {db.get('NAME')} ({connection.vendor}) not reachable: {exc}".splitlines()[0]
        )
    pending = MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )
    console.print(f"settings: {settings.SETTINGS_MODULE}; DEBUG={settings.DEBUG}")
    console.print(f"database: {connection.vendor} {db.get('NAME')} — reachable")
    if pending:
        fail(f"{len(pending)} migration(s) not applied: run `qualitas migrate`")
    console.print("migrations: up to date")


@audit_app.command("verify")
def audit_verify_cmd(
    checkpoints: Path | None = typer.Option(
        None, help="A checkpoints file exported earlier (one 'seq hash' per line)."
    ),
) -> None:
    """Recompute the audit chain; report edited, deleted or truncated entries. / 校验审计日志链。"""
    _setup()
    from qualitas.core.audit import audit_verify

    external: list[tuple[int, str]] = []
    if checkpoints is not None:
        if not checkpoints.exists():
            fail(f"file not found: {checkpoints}")
        for n, line in enumerate(checkpoints.read_text().splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2 or not parts[0].isdigit():
                fail(f"{checkpoints.name} line {n}: expected 'seq hash'")
            external.append((int(parts[0]), parts[1]))
    report = audit_verify(external_checkpoints=external)
    if report.ok:
        console.print(
            f"audit log intact: {report.entries} entries, last #{report.last_seq} / 审计日志完整"
        )
        return
    for p in report.problems:
        console.print(f"[red]#{p.seq} {p.kind}:[/] {p.message}", highlight=False)
    raise typer.Exit(code=1)


@audit_app.command("export-checkpoints")
def audit_export_cmd(
    file: Path = typer.Argument(..., help="Where to write 'seq hash' lines."),
) -> None:
    """Write a checkpoint now and export all checkpoints, to keep outside the database. / 导出检查点。"""
    _setup()
    from qualitas.core.audit import audit_checkpoint_now
    from qualitas.core.models import AuditCheckpoint

    audit_checkpoint_now()
    rows = AuditCheckpoint.objects.order_by("seq").values_list("seq", "hash")
    file.write_text("".join(f"{s} {h}\n" for s, h in rows))
    console.print(f"{len(rows)} checkpoint(s) written to {file}")


def register(app: typer.Typer) -> None:
    """Add the platform commands to the ``qualitas`` command."""
    app.command("migrate")(migrate)
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.command("demo-data")(demo_data)
    app.command("createuser")(createuser)
    app.command("check")(check)
    app.add_typer(import_app, name="import")
    app.add_typer(audit_app, name="audit")
    __import__("qualitas.cli.evaluation_cmd", fromlist=["register"]).register(
        app
    )  # qualitas framework …
    from qualitas.cli import diagnosis_cmd

    diagnosis_cmd.register(app)
