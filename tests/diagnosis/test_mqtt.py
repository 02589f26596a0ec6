"""MQTT round trip against a real broker: Mosquitto at 127.0.0.1:1883 when it runs, else Debian's
``mosquitto`` binary started on a free port; otherwise the test says why it is skipped."""

from __future__ import annotations

import json
import queue
import shutil
import socket
import subprocess
import time
import uuid

import pytest

from tests.diagnosis.helpers import batch, make_characteristic

pytest.importorskip("paho.mqtt", reason="paho-mqtt is not installed (pip install 'paho-mqtt>=2')")


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def broker():
    if _port_open(1883):
        yield 1883
        return
    binary = shutil.which("mosquitto") or (
        shutil.which("mosquitto", path="/usr/sbin:/usr/local/sbin")
    )
    if binary is None:
        pytest.skip(
            "no MQTT broker: nothing listens on 127.0.0.1:1883 and Debian's mosquitto is not installed"
        )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [binary, "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(50):
        if _port_open(port):
            break
        time.sleep(0.1)
    yield port
    proc.terminate()
    proc.wait(5)


@pytest.mark.django_db
def test_mqtt_round_trip(world, broker):
    import paho.mqtt.client as mqtt

    from qualitas.diagnosis.mqtt import MqttIngestor

    ch = make_characteristic(world, n=0)
    run = uuid.uuid4().hex[:8]
    topic_filter = "qualitas/+/+"
    ingestor = MqttIngestor(port=broker, topic=topic_filter, client_id=f"test-sub-{run}")
    ingestor.start()
    acks: queue.Queue = queue.Queue()
    pub = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-pub-{run}")
    pub.on_message = lambda c, u, m: acks.put(json.loads(m.payload))
    pub.connect("127.0.0.1", broker)
    pub.loop_start()
    topic = f"qualitas/{world.ent_a.credit_code}/{ch.pk}"
    try:
        pub.subscribe(topic + "/ack", qos=1)
        time.sleep(0.3)
        payload = json.dumps(batch([10.0, 10.1, 9.9], batch_id=f"mqtt-{run}"))
        pub.publish(topic, payload, qos=1).wait_for_publish(5)
        pub.publish(topic, payload, qos=1).wait_for_publish(5)  # a gateway's retry
        pub.publish(f"qualitas/{world.ent_c.credit_code}/{ch.pk}", payload, qos=1).wait_for_publish(
            5
        )  # wrong enterprise
        handled = 0
        deadline = time.monotonic() + 10
        while handled < 3 and time.monotonic() < deadline:
            handled += ingestor.drain(timeout=1.0)
        assert handled == 3
        assert ch.measurements.count() == 3
        first, second = acks.get(timeout=5), acks.get(timeout=5)
        assert first["stored"] == 3 and first["duplicate"] is False and second["duplicate"] is True
    finally:
        pub.loop_stop()
        pub.disconnect()
        ingestor.stop()
