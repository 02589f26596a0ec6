"""The EPCIS 2.0 REST binding: capture (202, status per event, idempotence, rollback/proceed,
own identifiers only), the standard's query parameters with pages, problems per RFC 7807."""

from __future__ import annotations

import json

import pytest

from tests.traceability.helpers import (
    CELLS,
    CHAIN_A,
    COMMISSION,
    PACK,
    PACKS,
    PALLET,
    PARTY_A,
    PARTY_B,
    RECEIVE,
    SHIP,
    SITE_A,
    capture_chain,
    document,
    give_prefixes,
    post,
)

pytestmark = pytest.mark.django_db


def _status(client, response):
    assert response.status_code == 202, response.content
    assert response["GS1-EPCIS-Version"] == "2.0.0"
    location = response["Location"]
    assert location.startswith("/epcis/capture/")
    answer = client.get(location)
    assert answer.status_code == 200
    return answer.json()


def test_capture_is_accepted_with_location_and_status_per_event(world, client_for):
    give_prefixes(world)
    c = client_for("enterprise")
    status = _status(c, post(c, document(CHAIN_A)))
    assert status["running"] is False and status["success"] is True
    assert status["storedCount"] == 4 and status["duplicateCount"] == 0
    assert [e["status"] for e in status["events"]] == ["stored"] * 4
    # capture list of one's own
    assert len(c.get("/epcis/capture").json()["captures"]) == 1


def test_the_same_document_twice_stores_nothing_new_and_says_so(world, client_for):
    from qualitas.traceability.models import Event

    give_prefixes(world)
    c = client_for("enterprise")
    _status(c, post(c, document(CHAIN_A)))
    again = _status(c, post(c, document(CHAIN_A)))
    assert again["storedCount"] == 0 and again["duplicateCount"] == 4
    assert {e["status"] for e in again["events"]} == {"duplicate"}
    assert Event.objects.count() == 4


def test_an_event_without_event_id_gets_its_hash_and_is_found_by_it(world, client_for):
    capture_chain(world, client_for)
    from qualitas.traceability.models import Event

    received = Event.objects.get(biz_step="receiving")
    assert received.event_id.startswith("ni:///sha-256;") and received.event_id.endswith(
        "?ver=CBV2.0"
    )
    assert received.document["eventID"] == received.event_id
    # idempotent by hash: B sends it again
    from django.test import Client

    b = Client()
    b.force_login(received.capture.created_by)
    again = _status(b, post(b, document([RECEIVE])))
    assert again["duplicateCount"] == 1 and Event.objects.count() == 5


def test_schema_violation_is_refused_with_the_event_and_pointer(world, client_for):
    give_prefixes(world)
    bad = dict(PACK)
    del bad["eventTime"]
    response = post(client_for("enterprise"), document([COMMISSION, bad]))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == "epcisException:ValidationException" and body["status"] == 400
    assert body["errors"][0]["eventIndex"] == 1
    assert body["errors"][0]["pointer"] == "/epcisBody/eventList/1"
    from qualitas.traceability.models import Capture, Event

    assert not Event.objects.exists() and not Capture.objects.exists()


def test_format_uri_is_enforced(world, client_for):
    give_prefixes(world)
    bad = dict(SHIP, epcList=["not a uri"])
    body = post(client_for("enterprise"), document([bad])).json()
    assert body["errors"][0]["pointer"] == "/epcisBody/eventList/0/epcList/0"


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"type": "ThingEvent"}, "/epcisBody/eventList/0/type"),
        ({"action": "MOVE"}, "/epcisBody/eventList/0/action"),
        ({"eventTimeZoneOffset": "8:00"}, "/epcisBody/eventList/0/eventTimeZoneOffset"),
        ({"eventTime": "yesterday"}, "/epcisBody/eventList/0/eventTime"),
        (
            {"quantityList": [{"epcClass": CELLS, "quantity": "many"}]},
            "/epcisBody/eventList/0/quantityList/0/quantity",
        ),
        ({"unknownField": 1}, "/epcisBody/eventList/0"),
    ],
)
def test_invalid_events_name_the_failing_value(world, client_for, change, pointer):
    give_prefixes(world)
    body = post(client_for("enterprise"), document([dict(COMMISSION, **change)])).json()
    assert body["status"] == 400
    assert any(e["pointer"] == pointer for e in body["errors"]), body


def test_envelope_and_body_problems(world, client_for):
    c = client_for("enterprise")
    assert post(c, b"{not json").json()["type"] == "epcisException:ValidationException"
    no_body = document(CHAIN_A)
    del no_body["epcisBody"]
    assert post(c, no_body).status_code == 400
    wrong = c.post("/epcis/capture", data="x", content_type="text/plain")
    assert wrong.status_code == 415


def test_capture_limits_are_advertised_and_enforced(world, client_for, monkeypatch):
    c = client_for("enterprise")
    options = c.options("/epcis/capture")
    assert options.status_code == 204
    assert options["GS1-EPCIS-Capture-Limit"] == "10000"
    assert int(options["GS1-EPCIS-Capture-File-Size-Limit"]) > 0
    from qualitas.traceability.services import capture as capture_module

    monkeypatch.setattr(capture_module, "CAPTURE_MAX_BYTES", 100)
    big = post(c, document(CHAIN_A))
    assert big.status_code == 413
    assert big.json()["type"] == "epcisException:CaptureLimitExceededException"


def test_proceed_stores_the_valid_events_and_reports_the_others(world, client_for):
    give_prefixes(world)
    c = client_for("enterprise")
    bad = dict(PACK, action="MOVE")
    response = post(
        c, document([COMMISSION, bad, SHIP]), HTTP_GS1_CAPTURE_ERROR_BEHAVIOUR="proceed"
    )
    status = _status(c, response)
    assert [e["status"] for e in status["events"]] == ["stored", "error", "stored"]
    assert status["errors"][0]["eventIndex"] == 1 and status["success"] is False


def test_an_enterprise_captures_only_its_own_identifiers(world, client_for):
    from qualitas.traceability.models import Event

    give_prefixes(world)
    c = client_for("other_enterprise")  # ent_c, prefix 6909999
    status = _status(c, post(c, document(CHAIN_A)))
    assert status["status"] == "failed" and status["storedCount"] == 0
    assert status["errors"][0]["type"] == "epcisException:SecurityException"
    assert {e["status"] for e in status["events"]} == {"error"}
    assert not Event.objects.exists()
    # an admin captures for anyone
    admin = client_for("admin")
    assert _status(admin, post(admin, document(CHAIN_A)))["storedCount"] == 4


def test_roles_that_do_not_capture(world, client_for):
    assert post(client_for("public"), document(CHAIN_A)).status_code == 401
    for role in ("authority", "evaluator", "partner"):
        assert post(client_for(role), document(CHAIN_A)).status_code == 404


def test_bearer_tokens_with_traceability_scopes(world, client_for):
    from django.test import Client

    from qualitas.core.access import actor_for
    from qualitas.core.tokens import token_create

    give_prefixes(world)
    actor = actor_for(world.users["enterprise"])
    _w, write = token_create(actor=actor, name="wms", scopes=["traceability:write"])
    _r, read = token_create(actor=actor, name="bi", scopes=["traceability:read"])
    c = Client(enforce_csrf_checks=True)
    ok = post(c, document(CHAIN_A), HTTP_AUTHORIZATION=f"Bearer {write}")
    assert ok.status_code == 202
    assert post(c, document(CHAIN_A), HTTP_AUTHORIZATION=f"Bearer {read}").status_code == 403
    events = c.get("/epcis/events", HTTP_AUTHORIZATION=f"Bearer {read}")
    assert len(events.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == 4
    assert c.get("/epcis/events", HTTP_AUTHORIZATION="Bearer qt_nope").status_code == 401


def _events(client, **params):
    response = client.get("/epcis/events", params)
    assert response.status_code == 200, response.content
    return response, response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


def test_query_parameters(world, client_for):
    capture_chain(world, client_for)
    c = client_for("admin")
    _r, all_events = _events(c)
    assert len(all_events) == 5
    assert [e["type"] for e in _events(c, eventType="TransformationEvent")[1]] == [
        "TransformationEvent"
    ]
    assert len(_events(c, eventType="ObjectEvent,AggregationEvent")[1]) == 4
    assert len(_events(c, EQ_bizStep="shipping")[1]) == 1
    assert len(_events(c, EQ_bizStep="https://ref.gs1.org/cbv/BizStep-shipping")[1]) == 1
    assert len(_events(c, EQ_disposition="in_transit")[1]) == 1
    # the same pallet in URN and Digital Link form
    assert len(_events(c, MATCH_epc=PALLET)[1]) == 2
    assert len(_events(c, MATCH_epc="https://id.gs1.org/00/069012340000000016")[1]) == 2
    assert len(_events(c, MATCH_parentID=PALLET)[1]) == 1
    assert len(_events(c, MATCH_anyEPC=PALLET)[1]) == 3
    assert len(_events(c, MATCH_inputEPCClass=CELLS)[1]) == 1
    assert len(_events(c, MATCH_outputEPCClass=PACKS)[1]) == 1
    assert len(_events(c, MATCH_epcClass="urn:epc:idpat:sgtin:6901234.012345.*")[1]) == 1
    assert len(_events(c, EQ_readPoint=SITE_A)[1]) == 4
    assert len(_events(c, EQ_bizLocation=SITE_A)[1]) == 1
    assert len(_events(c, EQ_source=PARTY_A)[1]) == 1
    assert len(_events(c, EQ_destination=PARTY_B)[1]) == 1
    assert len(_events(c, EQ_source_owning_party=PARTY_A)[1]) == 1
    assert len(_events(c, GE_eventTime="2026-11-02T00:00:00+08:00")[1]) == 3
    assert (
        len(_events(c, LT_eventTime="2026-11-02T00:00:00Z")[1]) == 2
    )  # the packing at 08:00+08:00 is not before
    one = _events(c, EQ_eventID=COMMISSION["eventID"])[1]
    assert one[0]["eventID"] == COMMISSION["eventID"]


def test_pages_follow_next_page_token(world, client_for):
    capture_chain(world, client_for)
    c = client_for("admin")
    seen = []
    response, page = _events(c, perPage=2)
    seen += page
    while "Link" in response:
        assert 'rel="next"' in response["Link"]
        response, page = _events(c, perPage=2, nextPageToken=response["GS1-Next-Page-Token"])
        seen += page
    assert len(seen) == 5 and len({e["eventID"] for e in seen}) == 5
    times = [e["eventTime"] for e in seen]
    assert times == sorted(times)


@pytest.mark.parametrize(
    "params",
    [
        {"perPage": "0"},
        {"perPage": "x"},
        {"GE_eventTime": "soon"},
        {"eventType": "Thing"},
        {"nextPageToken": "@@"},
        {"EQ_colour": "red"},
    ],
)
def test_bad_query_parameters_are_problems(world, client_for, params):
    response = client_for("admin").get("/epcis/events", params)
    assert response.status_code == 400
    assert response.json()["type"] == "epcisException:QueryParameterException"


def test_who_sees_which_events(world, client_for):
    capture_chain(world, client_for)
    assert client_for("public").get("/epcis/events").status_code == 401
    assert len(_events(client_for("enterprise"))[1]) == 4  # A's own
    assert len(_events(client_for("other_enterprise"))[1]) == 0  # C: nothing of it
    assert len(_events(client_for("authority"))[1]) == 5  # Zhejiang: A and B
    assert len(_events(client_for("evaluator"))[1]) == 0
    # event by id: A's own, not C's
    url = "/epcis/events/" + COMMISSION["eventID"]
    assert client_for("enterprise").get(url).json()["eventID"] == COMMISSION["eventID"]
    assert client_for("other_enterprise").get(url).status_code == 404
    assert client_for("enterprise").get("/epcis/events/urn:uuid:nothing").status_code == 404


def test_the_destination_sees_the_shipment(world, client_for):
    capture_chain(world, client_for)
    from django.test import Client

    from qualitas.traceability.models import Event

    b = Client()
    b.force_login(Event.objects.get(biz_step="receiving").capture.created_by)
    steps = sorted(e["bizStep"] for e in _events(b)[1])
    assert steps == ["receiving", "shipping"]


def test_named_queries_and_subscriptions(world, client_for, monkeypatch):
    from qualitas.traceability.services import queries

    give_prefixes(world)
    c = client_for("enterprise")
    created = c.post(
        "/epcis/queries",
        data=json.dumps({"name": "shipped", "query": {"EQ_bizStep": "shipping"}}),
        content_type="application/json",
    )
    assert created.status_code == 201 and created["Location"] == "/epcis/queries/shipped"
    assert (
        c.post(
            "/epcis/queries",
            data=json.dumps({"name": "shipped", "query": {}}),
            content_type="application/json",
        ).status_code
        == 409
    )
    assert (
        c.post(
            "/epcis/queries",
            data=json.dumps({"name": "x", "query": {"EQ_colour": "red"}}),
            content_type="application/json",
        ).status_code
        == 400
    )
    sent = []
    monkeypatch.setattr(
        queries, "_post", lambda url, body: sent.append((url, json.loads(body))) or "200"
    )
    sub = c.post(
        "/epcis/queries/shipped/subscriptions",
        data=json.dumps({"dest": "https://wms.example.cn/hook", "stream": True}),
        content_type="application/json",
    )
    assert sub.status_code == 201
    _status(c, post(c, document(CHAIN_A)))
    assert len(sent) == 1
    delivered = sent[0][1]["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    assert [e["bizStep"] for e in delivered] == ["shipping"]
    assert len(_events(c)[1]) == 4
    shipped = c.get("/epcis/queries/shipped/events").json()
    assert len(shipped["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == 1
    assert client_for("other_enterprise").get("/epcis/queries/shipped").status_code == 404
    assert c.delete("/epcis/queries/shipped").status_code == 204
    assert c.get("/epcis/queries/shipped").status_code == 404
