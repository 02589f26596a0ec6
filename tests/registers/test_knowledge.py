"""The Q&A knowledge base: drafts kept from the public, search in Chinese and English,
refusals naming the field, officers only."""

from __future__ import annotations

import pytest
from django.utils import translation

from qualitas.core.access import NotFound, actor_for
from qualitas.core.providers import collect_search
from qualitas.registers import selectors, services

pytestmark = pytest.mark.django_db

CPK = {
    "name_zh": "过程能力指数 Cpk 低于 1.33 怎么办？",
    "name_en": "What to do when the process capability index Cpk is below 1.33?",
    "answer_zh": "先确认测量系统可靠，再判断过程是否受控。",
    "answer_en": "First check the measurement system, then whether the process is in control.",
    "topic": "过程能力",
    "region": "330000",
}
SPOT = {
    "name_zh": "监督抽查不合格后企业要做什么？",
    "name_en": "What must an enterprise do after failing a spot-check?",
    "answer_zh": "查明原因并整改，整改后申请复查。",
    "answer_en": "",
    "topic": "监督抽查",
    "region": "330100",
}


def _q(qs):
    return [e.name_zh for e in qs]


def test_publish_and_search_in_both_languages(world, client):
    officer = actor_for(world.users["authority"])
    cpk = services.qa_save(actor=officer, data=CPK)
    spot = services.qa_save(actor=officer, data=SPOT)
    assert selectors.published_qa().count() == 0
    services.qa_publish(actor=officer, entry=cpk)
    services.qa_publish(actor=officer, entry=spot)
    assert _q(selectors.published_qa(q="测量系统")) == [CPK["name_zh"]]
    assert _q(selectors.published_qa(q="复查")) == [SPOT["name_zh"]]
    assert _q(selectors.published_qa(q="measurement system")) == [CPK["name_zh"]]
    assert _q(selectors.published_qa(q="统测")) == []  # no such phrase
    page = client.get("/registers/qa/", {"q": "spot-check"}).content.decode()
    assert SPOT["name_zh"] in page and CPK["name_zh"] not in page
    docs = sorted((d.key, d.url) for d in collect_search() if d.kind == "qa")
    assert docs == sorted([(str(e.pk), f"/registers/qa/#qa-{e.pk}") for e in (cpk, spot)])


def test_draft_stays_out_and_only_officers_keep(world, client, client_for):
    entry = services.qa_save(actor=actor_for(world.users["authority"]), data=CPK)
    assert CPK["name_zh"] not in client.get("/registers/qa/").content.decode()
    assert not [d for d in collect_search() if d.kind == "qa"]
    with pytest.raises(NotFound):
        services.qa_publish(actor=actor_for(world.users["enterprise"]), entry=entry)
    assert client_for("enterprise").get("/registers/desk/qa/").status_code == 404
    officer = client_for("authority")
    officer.post("/registers/desk/qa/", {"action": "publish", "pk": entry.pk})
    entry.refresh_from_db()
    assert entry.status == "published"
    assert CPK["name_zh"] in client.get("/registers/qa/").content.decode()


def test_refusals_name_the_field(world, client_for):
    with pytest.raises(services.RegisterError) as err:
        services.qa_save(actor=actor_for(world.users["authority"]), data={**CPK, "answer_zh": ""})
    assert err.value.field == "answer_zh"
    with translation.override("en"):
        assert str(err.value) == "The answer is required."
    page = client_for("authority").post(
        "/registers/desk/qa/",
        {"action": "save", **CPK, "region": "440300"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Region 440300 is outside the regions you keep." in page.content.decode()
