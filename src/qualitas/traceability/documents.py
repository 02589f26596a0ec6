"""EPCIS documents the repository writes: the query document of a page of events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from qualitas.traceability.models import Event

CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"


def query_document(events: list[Event], *, query_name: str = "SimpleEventQuery") -> dict[str, Any]:
    """An ``EPCISQueryDocument`` holding ``events`` as captured."""
    return {
        "@context": [CONTEXT],
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "epcisBody": {
            "queryResults": {
                "queryName": query_name,
                "resultsBody": {"eventList": [e.document for e in events]},
            }
        },
    }
