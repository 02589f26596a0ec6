"""Search ranks exact and leading matches first and finds a credit code by its prefix
(issue 11, item 6), on SQLite and PostgreSQL (``tests/pg.py``), with demo-like names.

海宁 (Haining, a county-level city in Zhejiang) is contained in 上海宁远化工 (上海 | 宁远: across a
word boundary) and in 浙江海宁经编 (after the province); in code-point order both sort before
海宁中国皮革城, the one name that begins with it — the order the new user got.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from qualitas.registry import codes, selectors
from tests.factories import make_enterprise

pytestmark = pytest.mark.django_db

HAINING = [
    ("上海宁远化工有限公司", "Shanghai Ningyuan Chemical Co., Ltd.", "310000"),
    ("浙江海宁经编产业园区开发有限公司", "Zhejiang Haining Warp Knitting Park Co., Ltd.", "330400"),
    ("海宁中国皮革城股份有限公司", "Haining China Leather Market Co., Ltd.", "330400"),
    ("海宁", "Haining", "330400"),  # a short registered name: the exact match
]
NINGBO = [
    ("上海宁波商会服务有限公司", "Shanghai Ningbo Chamber Services Co., Ltd.", "310000"),
    ("宁波均胜电子股份有限公司", "Ningbo Joyson Electronic Corp.", "330200"),
]


ROW = r'<a href="/enterprises/\d+/">([^<]+)</a>'


def code(division: str, body: str) -> str:
    return codes.make_uscc(authority="9", entity_type="1", division=division, org_body=body)


@pytest.fixture
def names(db):
    for zh, en, region in HAINING + NINGBO:
        make_enterprise(name_zh=zh, name_en=en, region=region)


def api_names(client, q: str, **params: str) -> list[str]:
    r = client.get("/api/registry/enterprises", {"q": q, **params})
    assert r.status_code == 200
    return [i["name_zh"] for i in r.json()["items"]]


def test_exact_then_leading_then_contained(names, client):
    assert api_names(client, "海宁") == [
        "海宁",
        "海宁中国皮革城股份有限公司",
        "上海宁波商会服务有限公司",  # 上海 | 宁波: 海宁 across the boundary too
        "上海宁远化工有限公司",
        "浙江海宁经编产业园区开发有限公司",
    ]
    # English words: the name that begins with the word first
    assert api_names(client, "ningbo") == ["宁波均胜电子股份有限公司", "上海宁波商会服务有限公司"]
    assert api_names(client, "Haining") == [
        "海宁",
        "海宁中国皮革城股份有限公司",
        "浙江海宁经编产业园区开发有限公司",
    ]


def test_a_chosen_order_is_kept(names, client):
    assert api_names(client, "海宁", sort="-name") == sorted(
        [
            "海宁",
            "海宁中国皮革城股份有限公司",
            "上海宁波商会服务有限公司",
            "上海宁远化工有限公司",
            "浙江海宁经编产业园区开发有限公司",
        ],
        reverse=True,
    )


@pytest.mark.parametrize("dense", [False, True])
def test_search_page_ranks_on_every_path(names, client, monkeypatch, dense):
    # dense: more matches than are counted and than DENSE_MATCHES, so that on PostgreSQL the page
    # is read through the ordering index (fetch_page's two-part read: 2 leading rows, then 1)
    if dense:
        monkeypatch.setattr(selectors, "COUNT_CAP", 1)
        monkeypatch.setattr(selectors, "DENSE_MATCHES", 1)
    monkeypatch.setitem(settings.QUALITAS, "PAGE_SIZE", 3)
    body = client.get("/enterprises/", {"q": "海宁中国", "lang": "zh-hans"}).content.decode()
    assert re.findall(ROW, body) == ["海宁中国皮革城股份有限公司"]
    body = client.get("/enterprises/", {"q": "海宁", "lang": "zh-hans"}).content.decode()
    assert re.findall(ROW, body) == [
        "海宁",
        "海宁中国皮革城股份有限公司",
        "上海宁波商会服务有限公司",
    ]
    if not dense:  # the next page goes on where the first stopped
        body = client.get("/enterprises/", {"q": "海宁", "page": 2}).content.decode()
        assert re.findall(ROW, body) == ["上海宁远化工有限公司", "浙江海宁经编产业园区开发有限公司"]


def test_credit_code_prefix_finds_the_enterprise(db, client):
    a = make_enterprise(
        name_zh="宁波华翔电子股份有限公司",
        name_en="Ningbo Huaxiang Electronic Co., Ltd.",
        region="330200",
        credit_code=code("330200", "14407271"),
    )
    b = make_enterprise(
        name_zh="宁波舟山港股份有限公司",
        name_en="Ningbo Zhoushan Port Co., Ltd.",
        region="330200",
        credit_code=code("330200", "68806818"),
    )
    make_enterprise(name_zh="杭州恒信电池有限公司", region="330100")
    assert a.credit_code[:8] == b.credit_code[:8] == "91330200"
    # the first 8 characters: every enterprise registered there with that authority and type
    assert sorted(api_names(client, "91330200")) == sorted([a.name_zh, b.name_zh])
    # more of the code narrows to the one; lower case and surrounding spaces are fine
    assert api_names(client, a.credit_code[:12]) == [a.name_zh]
    assert api_names(client, f" {b.credit_code[:17].lower()} ") == [b.name_zh]
    assert api_names(client, a.credit_code) == [a.name_zh]
    # the page and the export find it too
    page = client.get("/enterprises/", {"q": a.credit_code[:10]}).content.decode()
    assert a.name_zh in page and b.name_zh not in page
    resp = client.get("/api/registry/enterprises/export", {"q": "91330200"})
    csv = b"".join(resp.streaming_content).decode()
    assert a.credit_code in csv and b.credit_code in csv
    # a code part that matches nothing finds nothing (not every enterprise)
    assert api_names(client, "91330299") == []
