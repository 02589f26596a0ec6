"""Recalls (SAMR Order No. 19): the flow from defect report to closure, the scope from the
trace, effectiveness, public notices in both languages, the API, the feed and the providers."""

from __future__ import annotations

from datetime import date

import pytest

from tests.traceability.helpers import CELLS, PACKS, PALLET, capture_chain
from tests.traceability.recall_helpers import PLAN, published_recall

pytestmark = pytest.mark.django_db


def _post(client, url, **data):
    return client.post(url, data)


def test_the_whole_flow_through_the_pages(world, client_for):
    from qualitas.traceability.models import Recall

    capture_chain(world, client_for)
    ent, auth = client_for("enterprise"), client_for("authority")
    r = ent.post(
        "/recalls/desk/new/",
        {
            "defect_source": "own_finding",
            "product_name": PLAN["product_name"],
            "defect_description": "隔膜缺陷",
            "lots": CELLS,
        },
    )
    assert r.status_code == 302
    recall = Recall.objects.get()
    url = f"/recalls/desk/{recall.pk}/"
    assert recall.status == "reported" and recall.enterprise == world.ent_a
    # the plan: a missing required field is named
    plan = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in PLAN.items()}
    bad = ent.post(url, {**plan, "action": "plan", "model_spec": ""})
    assert bad.status_code == 200 and "model_spec" in bad.content.decode()
    assert ent.post(url, {**plan, "action": "plan"}).status_code == 302
    recall.refresh_from_db()
    assert recall.status == "planned" and recall.recall_qty == 100
    # the scope, traced forward from the cells: packs, pallet, the holder B
    assert ent.post(url, {"action": "scope"}).status_code == 302
    from qualitas.traceability.identifiers import canonical

    scope = {s.identifier: s for s in recall.scope.all()}
    assert {canonical(CELLS), canonical(PACKS), canonical(PALLET)} <= set(scope)
    holders = [s for s in scope.values() if s.party_id == world.ent_b.pk]
    assert holders and holders[0].depth == 3
    xlsx = ent.get(f"{url}scope.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    # the producer cannot file its own plan; the authority files and publishes
    assert ent.post(url, {"action": "file"}).status_code == 404  # not the producer's step
    recall.refresh_from_db()
    assert recall.status == "planned"
    assert auth.post(url, {"action": "file"}).status_code == 302
    assert auth.post(url, {"action": "publish"}).status_code == 302
    recall.refresh_from_db()
    assert recall.status == "published" and recall.recall_no.startswith("QR-")
    # a published plan is not changed
    assert ent.post(url, {**plan, "action": "plan", "recall_qty": 5}).status_code == 200
    recall.refresh_from_db()
    assert recall.recall_qty == 100
    # progress, then the effectiveness
    assert (
        ent.post(
            url,
            {
                "action": "progress",
                "report_date": "2026-11-20",
                "units_recovered": 30,
                "channel": "经销商",
                "region": "330200",
            },
        ).status_code
        == 302
    )
    too_many = ent.post(
        url, {"action": "progress", "report_date": "2026-11-21", "units_recovered": 80}
    )
    assert too_many.status_code == 200 and "80" not in str(
        recall.progress.values_list("units_recovered", flat=True)
    )
    notice = client_for("public").get(f"/recalls/{recall.pk}/")
    assert notice.status_code == 200
    assert "30 %" in notice.content.decode()
    assert auth.post(url, {"action": "close"}).status_code == 302
    recall.refresh_from_db()
    assert recall.status == "closed"


def test_who_works_on_a_recall(world, client_for):
    recall = published_recall(world)
    url = f"/recalls/desk/{recall.pk}/"
    assert client_for("enterprise").get(url).status_code == 200
    assert client_for("authority").get(url).status_code == 200
    assert client_for("other_enterprise").get(url).status_code == 404
    assert client_for("evaluator").get(url).status_code == 404
    # C cannot report on A's product; an authority outside Guangdong cannot either
    from qualitas.core.access import NotFound, actor_for
    from qualitas.traceability import services

    with pytest.raises(NotFound):
        services.recall_report(
            actor=actor_for(world.users["other_enterprise"]),
            enterprise=world.ent_a,
            defect_source="complaint",
            product_name="x",
            defect_description="y",
        )
    with pytest.raises(NotFound):
        services.recall_report(
            actor=actor_for(world.users["authority"]),
            enterprise=world.ent_c,
            defect_source="complaint",
            product_name="x",
            defect_description="y",
        )


def test_unpublished_recalls_are_not_public(world, client_for):
    from qualitas.core.access import actor_for
    from qualitas.traceability import services

    draft = services.recall_report(
        actor=actor_for(world.users["enterprise"]),
        enterprise=world.ent_a,
        defect_source="own_finding",
        product_name="草稿产品",
        defect_description="y",
    )
    public = client_for("public")
    assert public.get(f"/recalls/{draft.pk}/").status_code == 404
    assert "草稿产品" not in public.get("/recalls/").content.decode()
    assert public.get(f"/api/traceability/recalls/{draft.pk}").status_code == 404
    from qualitas.core.providers import collect_profile, collect_search

    assert not [
        s for s in collect_profile(enterprise_id=world.ent_a.pk, public=True) if s.key == "recalls"
    ]
    assert not [d for d in collect_search() if d.kind == "recall"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-hans", ["产品召回公告", "有效率", "更换"]),
        ("en", ["Product recall notices", "Effectiveness", "Replacement"]),
    ],
)
def test_public_list_and_notice_in_both_languages(world, client_for, lang, words):
    recall = published_recall(world)
    c = client_for("public")
    listing = c.get("/recalls/", {"lang": lang}, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    notice = c.get(f"/recalls/{recall.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert PLAN["product_name"] in listing
    assert "40 %" in notice  # 40 of 100 recovered
    for w in words:
        assert w in listing + notice, w
    assert "P1-48V" in c.get("/recalls/", {"q": "P1-48"}).content.decode()
    assert "P1-48V" not in c.get("/recalls/", {"q": "nothing-like-it"}).content.decode()


@pytest.mark.parametrize(
    ("lang", "authority"),
    [("zh-hans", "{zh}市场监督管理局"), ("en", "{en} Administration for Market Regulation")],
)
def test_notice_names_the_authority_the_plan_was_filed_with(world, client_for, lang, authority):
    """A plan filed here: the provincial market regulation authority of the producer's region,
    in the reader's language; an imported notice keeps the authority it came with."""
    import re

    from qualitas.registry.models import Region

    recall = published_recall(world)
    province = Region.objects.get(code=recall.region.province_code)
    want = authority.format(zh=province.name_zh, en=province.name_en or province.name_zh)
    c = client_for("public")
    html = c.get(f"/recalls/{recall.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    shown = re.search(r'data-testid="filed-with">([^<]*)<', html)
    assert shown and shown.group(1) == want
    recall.authority = "U.S. Food and Drug Administration"
    recall.save(update_fields=["authority"])
    html = c.get(f"/recalls/{recall.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert 'data-testid="filed-with">U.S. Food and Drug Administration<' in html


def test_api_and_feed(world, client_for):
    recall = published_recall(world)
    c = client_for("public")
    rows = c.get("/api/traceability/recalls").json()
    assert rows[0]["id"] == recall.pk and rows[0]["effectiveness"] == pytest.approx(0.4)
    assert c.get(f"/api/traceability/recalls/{recall.pk}").json()["units_recovered"] == 40
    feed = c.get("/recalls/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert PLAN["product_name"] in feed.content.decode()


def test_overdue_progress_is_flagged(world, client_for):
    from datetime import timedelta

    from qualitas.core.access import actor_for
    from qualitas.traceability.recall_selectors import is_overdue, recalls_managed

    recall = published_recall(world)
    row = recalls_managed(actor=actor_for(world.users["authority"])).get(pk=recall.pk)
    assert not is_overdue(row, today=date(2026, 12, 1))
    assert is_overdue(row, today=date(2026, 11, 20) + timedelta(days=31))
    from qualitas.core.providers import collect_todo

    items = {i.key: i.count for i in collect_todo(actor_for(world.users["authority"]))}
    assert "recalls_waiting" not in items  # nothing to file


def test_providers_for_the_producer(world):
    from django.utils import timezone

    from qualitas.core.providers import (
        collect_credit,
        collect_evidence,
        collect_profile,
        collect_search,
        indicator_sources,
    )

    recall = published_recall(world)
    (section,) = [
        s for s in collect_profile(enterprise_id=world.ent_a.pk, public=True) if s.key == "recalls"
    ]
    from django.utils import translation

    with translation.override("en"):
        facts = {str(f.label): f.value for f in section.facts}
    assert (
        facts["Published recalls"] == 1
        and facts["Units affected"] == 100
        and facts["Units recovered"] == 40
    )
    assert [
        o.topic for o in collect_evidence(world.ent_a.pk) if o.source_app == "traceability"
    ] == ["recalls"]
    (factor,) = [
        f for f in collect_credit(world.ent_a.pk, timezone.localdate()) if f.key == "recall_record"
    ]
    assert factor.value == pytest.approx(0.4 * 0.8)
    (doc,) = [d for d in collect_search() if d.kind == "recall"]
    assert doc.url == f"/recalls/{recall.pk}/" and doc.enterprise_id == world.ent_a.pk
    quarter = f"{recall.published_at.year}Q{(recall.published_at.month - 1) // 3 + 1}"
    frame = indicator_sources()["recalls"].source([quarter])
    assert frame.to_dict("records") == [
        {"enterprise": world.ent_a.pk, "quarter": quarter, "num": 1.0, "den": 1.0}
    ]


def test_demo_data_is_idempotent(world):
    from qualitas.core.models import Profile
    from qualitas.traceability.demo import traceability_demo_load
    from qualitas.traceability.models import Event, Recall
    from tests.factories import make_user

    make_user("enterprise", "enterprise", enterprise=world.ent_a)
    make_user("authority", "authority", regions=["330000"])
    assert Profile.objects.filter(user__username="enterprise").exists()
    traceability_demo_load(seed=1)
    assert Event.objects.count() == 7
    (recall,) = Recall.objects.all()
    assert recall.status == "published" and recall.progress.count() == 2 and recall.scope.exists()
    traceability_demo_load(seed=1)
    assert Event.objects.count() == 7 and Recall.objects.count() == 1
