"""Bad input is a clear 4xx, never a 500 (issue 16 §8).

What a fuzzer sent: a period that is not one on the index map, page and exports (anonymous);
page numbers and body integers beyond 64 bits; ``null`` for fields that must have a value in a
PATCH; measurement batches with times out of range or of mixed types, numbers like 10^400,
deeply nested JSON, lone surrogates; a NUL character in text (PostgreSQL refuses it). Each
answer names what was wrong.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.diagnosis.helpers import batch, make_characteristic

pytestmark = pytest.mark.django_db

HUGE = 2**70  # beyond 64 bits


def _client(user=None) -> Client:  # noqa: ANN001
    c = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        c.force_login(user)
    return c


def _clear_4xx(r, *, expect: int | None = None) -> str:  # noqa: ANN001
    assert 400 <= r.status_code < 500, (r.status_code, r.content[:300])
    if expect is not None:
        assert r.status_code == expect, (r.status_code, r.content[:300])
    return r.content.decode()


# -- the index: a period that is not one of the run's ----------------------------------------


@pytest.fixture
def indexed(world):  # noqa: ANN001, ANN201
    from tests.index.conftest import _indexed

    return _indexed(world)


@pytest.mark.parametrize(
    "url",
    [
        "/index/?period=x",
        "/api/index/map?period=x",
        "/index/export/provinces.csv?period=x",
        "/index/export/cities.xlsx?period=x&province=330000",
        "/index/export/industries.csv?period=x",
    ],
)
def test_an_unknown_period_is_refused_naming_it(indexed, url):
    body = _clear_4xx(_client().get(url))
    assert "period" in body


def test_the_map_page_ignores_a_period_it_does_not_have(indexed):
    # the page draws the latest period and asks the API (refused above) for others
    assert _client().get("/index/map/?period=x").status_code == 200


# -- numbers beyond 64 bits ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/api/registry/enterprises?page={HUGE}",
        f"/api/registry/enterprises/{HUGE}",
        f"/api/index/versions/{HUGE}",
    ],
)
def test_page_numbers_and_ids_beyond_64_bits_are_refused(world, url):
    _clear_4xx(_client().get(url))


def test_a_page_beyond_64_bits_on_a_page_shows_the_last_page(world):
    assert _client().get(f"/enterprises/?page={HUGE}").status_code == 200


def test_integers_beyond_64_bits_in_a_body_are_refused_naming_the_field(world):
    c = make_characteristic(world, n=0)
    r = _client(world.users["enterprise"]).patch(
        f"/api/diagnosis/characteristics/{c.pk}",
        json.dumps({"subgroup_size": HUGE}),
        content_type="application/json",
    )
    body = _clear_4xx(r)
    assert "subgroup_size" in body


# -- null for a field that must have a value ---------------------------------------------------


def test_null_for_a_required_field_in_a_patch_is_refused_naming_it(world):
    ent = _client(world.users["enterprise"])
    r = ent.patch(
        f"/api/registry/enterprises/{world.ent_a.pk}",
        json.dumps({"name_zh": None}),
        content_type="application/json",
    )
    body = _clear_4xx(r, expect=422)
    assert "name_zh" in body
    c = make_characteristic(world, n=0)
    for field in ("name", "unit", "subgroup_size", "chart_type"):
        r = ent.patch(
            f"/api/diagnosis/characteristics/{c.pk}",
            json.dumps({field: None}),
            content_type="application/json",
        )
        assert field in _clear_4xx(r, expect=422)
    world.ent_a.refresh_from_db()
    assert world.ent_a.name_zh == "杭州恒信电池有限公司"


# -- measurement batches -----------------------------------------------------------------------


def _post_batch(world, c, raw: str):  # noqa: ANN001, ANN202
    return _client(world.users["enterprise"]).post(
        f"/api/diagnosis/characteristics/{c.pk}/batches", raw, content_type="application/json"
    )


@pytest.mark.parametrize(
    ("times", "field"),
    [
        (["99999-01-01T00:00:00Z"], "times"),
        (["2025-13-45T00:00:00Z"], "times"),
        ([1e300], "times"),
        ([HUGE], "times"),
        (["2025-03-01T08:00:00Z", 1740816000], "times"),
        ([None], "times"),
        ([[1]], "times"),
    ],
)
def test_batch_times_out_of_range_or_of_mixed_types_are_refused(world, times, field):
    c = make_characteristic(world, n=0)
    payload = {"batch_id": "b", "times": times, "values": [10.0] * len(times)}
    body = _clear_4xx(_post_batch(world, c, json.dumps(payload)), expect=422)
    assert field in body


@pytest.mark.parametrize("number", ["1" + "0" * 400, "1e400", "-1e400"])
def test_batch_values_like_10_to_the_400_are_refused(world, number):
    c = make_characteristic(world, n=0)
    raw = '{"batch_id": "b", "times": ["2025-03-01T08:00:00Z"], "values": [' + number + "]}"
    assert "values" in _clear_4xx(_post_batch(world, c, raw), expect=422)


def test_deeply_nested_json_is_refused(world):
    c = make_characteristic(world, n=0)
    deep = "[" * 100_000 + "]" * 100_000
    _clear_4xx(_post_batch(world, c, deep), expect=422)
    _clear_4xx(
        _client(world.users["enterprise"]).patch(
            f"/api/registry/enterprises/{world.ent_a.pk}",
            '{"name_en": ' + deep + "}",
            content_type="application/json",
        ),
        expect=422,
    )


@pytest.mark.parametrize("text", ['"\\ud800"', '"a\\udc00b"', '"\\u0000"', '"a\\u0000b"'])
def test_lone_surrogates_and_nul_in_json_text_are_refused_naming_the_field(world, text):
    c = make_characteristic(world, n=0)
    raw = (
        '{"batch_id": '
        + text
        + ', "times": ["2025-03-01T08:00:00Z"], "values": [1.0], "subgroups": ["a"]}'
    )
    assert "batch_id" in _clear_4xx(_post_batch(world, c, raw), expect=422)
    r = _client(world.users["enterprise"]).patch(
        f"/api/registry/enterprises/{world.ent_a.pk}",
        '{"address": ' + text + "}",
        content_type="application/json",
    )
    assert "address" in _clear_4xx(r, expect=422)


def test_a_valid_surrogate_pair_is_accepted(world):
    r = _client(world.users["enterprise"]).patch(
        f"/api/registry/enterprises/{world.ent_a.pk}",
        '{"address": "\\ud83d\\ude00 Road 1"}',
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    world.ent_a.refresh_from_db()
    assert world.ent_a.address == "\U0001f600 Road 1"


def test_nul_in_a_query_or_form_is_refused(world):
    _clear_4xx(_client().get("/api/registry/enterprises?q=a%00b"), expect=400)
    _clear_4xx(_client().get("/enterprises/?q=a%00b"), expect=400)


def test_a_valid_batch_still_goes_in(world):
    c = make_characteristic(world, n=0)
    r = _post_batch(world, c, json.dumps(batch([10.0, 10.1, 9.9], batch_id="ok")))
    assert r.status_code == 201, r.content


def test_the_embedded_sqlite_waits_for_a_writer_instead_of_failing(monkeypatch, tmp_path):
    """§8: "database is locked" under concurrent writes: the embedded database runs in WAL mode
    (readers never block the writer) and a writer waits up to 30 s for another."""
    from qualitas.config.settings.base import database_from_env

    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = database_from_env(tmp_path / "q.sqlite3")
    assert db["OPTIONS"]["timeout"] == 30
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
