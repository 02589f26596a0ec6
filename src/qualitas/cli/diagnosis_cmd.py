"""Diagnosis commands.

* ``qualitas ingest-mqtt`` — store measurement batches published by shop-floor gateways over MQTT.
* ``qualitas diagnosis summaries [--enterprise CODE]`` — recompute capability summaries (for cron).
"""

from __future__ import annotations

import typer

from qualitas.cli.common import console, fail
from qualitas.cli.i18n import gettext as _
from qualitas.cli.i18n import gettext_noop, ngettext


def ingest_mqtt(
    host: str = typer.Option("127.0.0.1", help=gettext_noop("MQTT broker host.")),
    port: int = typer.Option(1883, help=gettext_noop("MQTT broker port.")),
    topic: str = typer.Option(
        "qualitas/+/+",
        help=gettext_noop("Topic filter: qualitas/<credit code>/<characteristic id>."),
    ),
    username: str | None = typer.Option(None, help=gettext_noop("Broker user name.")),
    password: str | None = typer.Option(
        None,
        envvar="QUALITAS_MQTT_PASSWORD",
        help=gettext_noop("Broker password (or QUALITAS_MQTT_PASSWORD)."),
    ),
) -> None:
    """Subscribe and store every batch (same JSON as the batch API); answers on <topic>/ack."""
    from qualitas.cli.platform import _setup

    _setup()
    try:
        import paho.mqtt  # noqa: F401
    except ImportError:
        fail(_("paho-mqtt is not installed: pip install 'paho-mqtt>=2'"))
    from qualitas.diagnosis.mqtt import MqttIngestor

    ingestor = MqttIngestor(host=host, port=port, topic=topic, username=username, password=password)
    try:
        ingestor.start()
    except (OSError, ConnectionError) as exc:
        fail(
            _("cannot subscribe at %(address)s: %(error)s")
            % {"address": f"{host}:{port}", "error": exc}
        )
    console.print(
        _("listening on %(address)s topic %(topic)s (Ctrl-C to stop)")
        % {"address": f"{host}:{port}", "topic": topic}
    )
    total = 0
    try:
        while True:
            n = ingestor.drain(timeout=1.0)
            if n:
                total += n
                console.print(
                    ngettext("%(count)s batch handled", "%(count)s batches handled", total)
                    % {"count": total}
                )
    except KeyboardInterrupt:
        pass
    finally:
        ingestor.stop()


diagnosis_app = typer.Typer(
    help=gettext_noop("Problem diagnosis maintenance."), no_args_is_help=True
)


@diagnosis_app.command(
    "summaries", help=gettext_noop("Recompute capability summaries (e.g. nightly from cron).")
)
def summaries(
    enterprise: str | None = typer.Option(
        None,
        "--enterprise",
        help=gettext_noop(
            "Unified social credit code of one enterprise; default: every enterprise with a "
            "monitored characteristic."
        ),
    ),
) -> None:
    """Recompute capability summaries (e.g. nightly from cron)."""
    from qualitas.cli.platform import _setup

    _setup()
    from qualitas.diagnosis.selectors import enterprise_id_by_code
    from qualitas.diagnosis.services import capability_summaries_compute

    ids: list[int] | None = None
    if enterprise:
        eid = enterprise_id_by_code(enterprise.strip().upper())
        if eid is None:
            fail(_("no enterprise with credit code %(code)r") % {"code": enterprise})
        ids = [eid]
    done = capability_summaries_compute(enterprise_ids=ids)
    for s in done:
        share = "–" if s.share_capable is None else f"{100 * s.share_capable:.0f}%"
        console.print(
            _(
                "enterprise %(id)s: %(monitored)s monitored, %(assessed)s assessed, "
                "%(capable)s capable (%(share)s)"
            )
            % {
                "id": s.enterprise_id,
                "monitored": s.monitored,
                "assessed": s.assessed,
                "capable": s.capable,
                "share": share,
            },
            highlight=False,
        )
    console.print(_("%(count)s summary(ies) computed") % {"count": len(done)})


def register(app: typer.Typer) -> None:
    app.command(
        "ingest-mqtt",
        help=gettext_noop(
            "Subscribe and store every batch (same JSON as the batch API); answers on <topic>/ack."
        ),
    )(ingest_mqtt)
    app.add_typer(diagnosis_app, name="diagnosis")
