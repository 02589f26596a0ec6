"""MQTT ingest for shop-floor gateways (paho-mqtt ≥ 2).

Topic ``qualitas/<enterprise credit code>/<characteristic id>``, payload the same columnar JSON
as the batch API (``{"batch_id", "times", "values", "subgroups"?, "sizes"?}``; ``sizes``: the
sample sizes of an attribute characteristic's counts). A batch is accepted only
when the characteristic belongs to the enterprise named in the topic; the outcome (the batch
API's answer, or ``{"error": …}``) is published to ``<topic>/ack`` so a gateway can retry with
the same batch id. Who may publish on which topic is the broker's business (Mosquitto ACLs).

paho delivers messages on its network thread; they are queued and stored on the caller's thread
(:meth:`MqttIngestor.drain`), which keeps database work on one thread.
"""

from __future__ import annotations

import json
import logging
import queue
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

TOPIC_FILTER = "qualitas/+/+"


@dataclass
class Received:
    topic: str
    payload: bytes


def handle(topic: str, payload: bytes) -> dict[str, Any]:
    """Store one MQTT message through the ingest service; returns the acknowledgement."""
    from qualitas.core.errors import DomainError
    from qualitas.diagnosis.choices import BatchSource
    from qualitas.diagnosis.ingest import batch_parse_json, measurements_ingest
    from qualitas.diagnosis.models import Characteristic

    parts = topic.split("/")
    if len(parts) != 3 or parts[0] != "qualitas" or not parts[2].isdigit():
        return {
            "error": _("topic must be qualitas/<credit code>/<characteristic id>, got %(topic)s")
            % {"topic": repr(topic)}
        }
    c = (
        Characteristic.objects.filter(pk=int(parts[2]), enterprise__credit_code=parts[1].upper())
        .select_related("enterprise")
        .first()
    )
    if c is None:
        return {"error": _("no such characteristic for this enterprise")}
    try:
        result = measurements_ingest(
            characteristic=c, batch=batch_parse_json(payload), source=BatchSource.MQTT
        )
    except DomainError as exc:  # the batch's own refusals and core.json_input's
        return {"error": str(exc), "field": exc.field}
    return result.as_dict()


class MqttIngestor:
    """Subscribe, queue messages from paho's thread, store them on the caller's thread."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 1883,
        topic: str = TOPIC_FILTER,
        client_id: str = "",
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        self.topic = topic
        self.inbox: queue.Queue[Received] = queue.Queue()
        self.subscribed = queue.Queue()  # type: queue.Queue[bool]
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id or "")
        if username:
            self.client.username_pw_set(username, password)
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = lambda *a, **k: self.subscribed.put(True)
        self.client.on_message = lambda client, userdata, msg: self.inbox.put(
            Received(msg.topic, bytes(msg.payload))
        )
        self.host, self.port = host, port

    def _on_connect(
        self, client: Any, userdata: Any, flags: Any, reason_code: Any, properties: Any = None
    ) -> None:
        if getattr(reason_code, "is_failure", False):
            log.error("MQTT connection refused: %s", reason_code)
            return
        client.subscribe(self.topic, qos=1)

    def start(self, *, wait: float = 10.0) -> None:
        """Connect, start paho's network thread and wait until the subscription is acknowledged."""
        self.client.connect(self.host, self.port, keepalive=30)
        self.client.loop_start()
        try:
            self.subscribed.get(timeout=wait)
        except queue.Empty:
            self.stop()
            raise ConnectionError(
                f"no subscription acknowledgement from {self.host}:{self.port} within {wait:g} s"
            ) from None

    def drain(self, *, timeout: float = 1.0, max_messages: int | None = None) -> int:
        """Store queued messages (waiting up to ``timeout`` for the first); returns how many were handled."""
        handled = 0
        wait = timeout
        while max_messages is None or handled < max_messages:
            try:
                msg = self.inbox.get(timeout=wait)
            except queue.Empty:
                break
            wait = 0.05
            ack = handle(msg.topic, msg.payload)
            self.client.publish(msg.topic + "/ack", json.dumps(ack, ensure_ascii=False), qos=1)
            handled += 1
        return handled

    def stop(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()
