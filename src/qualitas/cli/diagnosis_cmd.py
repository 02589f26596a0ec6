"""Diagnosis commands.

* ``qualitas ingest-mqtt`` — store measurement batches published by shop-floor gateways over MQTT.
* ``qualitas diagnosis summaries [--enterprise CODE]`` — recompute capability summaries (for cron).
"""

from __future__ import annotations

import typer

from qualitas.cli.common import console, fail


def ingest_mqtt(
    host: str = typer.Option("127.0.0.1", help="MQTT broker host. / MQTT 服务器地址。"),
    port: int = typer.Option(1883, help="MQTT broker port. / 端口。"),
    topic: str = typer.Option(
        "qualitas/+/+",
        help="Topic filter: qualitas/<credit code>/<characteristic id>. / 订阅主题。",
    ),
    username: str | None = typer.Option(None, help="Broker user name. / 用户名。"),
    password: str | None = typer.Option(
        None,
        envvar="QUALITAS_MQTT_PASSWORD",
        help="Broker password (or QUALITAS_MQTT_PASSWORD). / 密码。",
    ),
) -> None:
    """Subscribe and store every batch (same JSON as the batch API); answers on <topic>/ack. / 订阅 MQTT 并保存测量批次。"""
    from qualitas.cli.platform import _setup

    _setup()
    try:
        import paho.mqtt  # noqa: F401
    except ImportError:
        fail("paho-mqtt is not installed: pip install 'paho-mqtt>=2'")
    from qualitas.diagnosis.mqtt import MqttIngestor

    ingestor = MqttIngestor(host=host, port=port, topic=topic, username=username, password=password)
    try:
        ingestor.start()
    except (OSError, ConnectionError) as exc:
        fail(f"cannot subscribe at {host}:{port}: {exc}")
    console.print(f"listening on {host}:{port} topic {topic} (Ctrl-C to stop)")
    total = 0
    try:
        while True:
            n = ingestor.drain(timeout=1.0)
            if n:
                total += n
                console.print(f"{total} batch(es) handled")
    except KeyboardInterrupt:
        pass
    finally:
        ingestor.stop()


diagnosis_app = typer.Typer(
    help="Problem diagnosis maintenance. / 问题诊断维护命令。", no_args_is_help=True
)


@diagnosis_app.command("summaries")
def summaries(
    enterprise: str | None = typer.Option(
        None,
        "--enterprise",
        help="Unified social credit code of one enterprise; default: every enterprise with a monitored characteristic. / 企业统一社会信用代码；默认全部。",
    ),
) -> None:
    """Recompute capability summaries (e.g. nightly from cron). / 重新计算过程能力汇总。"""
    from qualitas.cli.platform import _setup

    _setup()
    from qualitas.diagnosis.selectors import enterprise_id_by_code
    from qualitas.diagnosis.services import capability_summaries_compute

    ids: list[int] | None = None
    if enterprise:
        eid = enterprise_id_by_code(enterprise.strip().upper())
        if eid is None:
            fail(f"no enterprise with credit code {enterprise!r}")
        ids = [eid]
    done = capability_summaries_compute(enterprise_ids=ids)
    for s in done:
        share = "–" if s.share_capable is None else f"{100 * s.share_capable:.0f}%"
        console.print(
            f"enterprise {s.enterprise_id}: {s.monitored} monitored, {s.assessed} assessed, "
            f"{s.capable} capable ({share})",
            highlight=False,
        )
    console.print(f"{len(done)} summary(ies) computed / 已计算 {len(done)} 个汇总")


def register(app: typer.Typer) -> None:
    app.command("ingest-mqtt")(ingest_mqtt)
    app.add_typer(diagnosis_app, name="diagnosis")
