"""The home page of each role: its to-do list, each count a link to the page listing those things,
in both languages, within a small number of queries."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.core.providers import collect_todo

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(world):
    """The world with things waiting for each role (see :func:`add_work`)."""
    return add_work(world)


def add_work(world):
    """Things waiting for each role of the world (and some that are others' and must not count)."""
    from qualitas.diagnosis.models import Alert, Characteristic
    from qualitas.evaluation.models import (
        Assessment,
        Assignment,
        Campaign,
        ChainInvitation,
        Framework,
        Result,
    )
    from qualitas.index.models import IndexRun, MethodologyVersion, Warning, WarningRule
    from tests.factories import make_enterprise

    fw = Framework.objects.get(code="qmc", version="1.0")
    today = timezone.localdate()
    # enterprise: two self-assessments in progress, one submitted; another enterprise's draft
    for status in ("draft", "draft", "submitted"):
        Assessment.objects.create(enterprise=world.ent_a, framework=fw, status=status)
    Assessment.objects.create(enterprise=world.ent_c, framework=fw, status="draft")
    # enterprise: one chain invitation waiting for its consent, one answered
    ChainInvitation.objects.create(leader=world.ent_b, supplier=world.ent_a)
    ChainInvitation.objects.create(leader=world.ent_c, supplier=world.ent_a, status="accepted")
    # enterprise: three open alerts on its characteristics, one closed; another enterprise's open
    now = timezone.now()
    mine = Characteristic.objects.create(enterprise=world.ent_a, name="厚度", unit="mm")
    theirs = Characteristic.objects.create(enterprise=world.ent_c, name="厚度", unit="mm")
    for char, rule, status in [
        (mine, "nelson-1", "open"),
        (mine, "nelson-2", "open"),
        (mine, "nelson-3", "open"),
        (mine, "nelson-5", "closed"),
        (theirs, "nelson-1", "open"),
    ]:
        Alert.objects.create(
            characteristic=char, rule=rule, opened_at=now, last_at=now, status=status
        )
    # a campaign in Zhejiang due in 5 days; a Guangdong one the authority does not run
    from qualitas.registry.models import Region

    zj = Campaign.objects.create(
        name="浙江 2026",
        framework=fw,
        region=Region.objects.get(code="330000"),
        deadline=today + timedelta(days=5),
    )
    Campaign.objects.create(
        name="浙江 2027",
        framework=fw,
        region=Region.objects.get(code="330000"),
        deadline=today + timedelta(days=90),
    )
    Campaign.objects.create(
        name="广东", framework=fw, region=Region.objects.get(code="440000"), deadline=today
    )
    extra = make_enterprise(name_zh="杭州第三企业有限公司", name_en="Third Co.", region="330100")
    inst = world.institution
    a1 = Assignment.objects.create(
        campaign=zj,
        enterprise=world.ent_a,
        institution=inst,
        status="assigned",
        deadline=today + timedelta(days=3),
        lead=world.users["evaluator"],
    )
    a1.evaluators.add(world.users["evaluator"])
    Assignment.objects.create(
        campaign=zj, enterprise=world.ent_b, institution=inst, status="pending", deadline=today
    )
    Assignment.objects.create(
        campaign=zj, enterprise=extra, institution=inst, status="submitted", deadline=today
    )
    # results: two drafts and one approved of the institution (Zhejiang enterprises)
    for ent, status in [(world.ent_a, "draft"), (world.ent_b, "draft"), (extra, "approved")]:
        Result.objects.create(
            enterprise=ent,
            institution=inst,
            framework=fw,
            status=status,
            level=3,
            uncapped_level=3,
            score=Decimal("0.8"),
            evaluated_on=today,
        )
    # early warnings: two open in Zhejiang, one acknowledged, one open in Guangdong
    version = MethodologyVersion.objects.create(code="t1", title="t", seed=1, indicators=[])
    run = IndexRun.objects.create(version=version)
    rule = WarningRule.objects.create(
        name="跌幅", kind=WarningRule._meta.get_field("kind").choices[0][0]
    )
    for region, industry, status in [
        ("330100", "C", "open"),
        ("330200", "C", "open"),
        ("330100", "C38", "acknowledged"),
        ("440300", "C", "open"),
    ]:
        Warning.objects.create(
            rule=rule, run=run, region=region, industry=industry, period="2026Q3", status=status
        )
    return world


EXPECTED = {
    "enterprise": {
        "evaluation.assessments_in_progress": (2, "/evaluation/self/"),
        "evaluation.invitations": (1, "/evaluation/chain/"),
        "diagnosis.open_alerts": (3, "/diagnosis/"),
    },
    "evaluator": {"evaluation.assignments_due": (1, "/evaluation/assignments/?status=assigned")},
    "institution_manager": {
        "evaluation.assignments_pending": (1, "/evaluation/assignments/?status=pending"),
        "evaluation.evaluations_to_consolidate": (1, "/evaluation/assignments/?status=submitted"),
        "evaluation.results_to_publish": (1, "/evaluation/results/?status=approved"),
    },
    "reviewer": {
        "evaluation.results_to_review": (2, "/evaluation/results/?status=draft"),
        "evaluation.results_to_publish": (1, "/evaluation/results/?status=approved"),
    },
    "authority": {
        "index.open_warnings": (2, "/index/warnings/?status=open"),
        "evaluation.campaign_deadlines": (1, "/evaluation/campaigns/"),
        "evaluation.results_awaiting_publication": (1, "/evaluation/results/?status=approved"),
    },
    "admin": {
        "index.open_warnings": (3, "/index/warnings/?status=open"),
        "evaluation.campaign_deadlines": (2, "/evaluation/campaigns/"),
    },
    "other_enterprise": {
        "evaluation.assessments_in_progress": (1, "/evaluation/self/"),
        "diagnosis.open_alerts": (1, "/diagnosis/"),
    },
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_its_own_counts_linked(work, role):
    items = {i.key: (i.count, i.url) for i in collect_todo(actor_for(work.users[role]))}
    assert items == EXPECTED[role]


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_home_page_shows_the_list_as_links_in_both_languages(work, client_for, role):
    c = client_for(role)
    html = c.get("/?lang=en").content.decode()
    assert 'data-testid="todo"' in html
    assert 'data-testid="role-panel"' not in html
    for key, (count, url) in EXPECTED[role].items():
        link = re.search(
            rf'<a href="([^"]+)" data-testid="todo-{re.escape(key)}">(.*?)</a>', html, re.S
        )
        assert link, key
        assert link.group(1) == url.replace("&", "&amp;")
        assert f'<span class="figure">{count}</span>' in link.group(2)
    zh = c.get("/?lang=zh-hans").content.decode()
    assert "待办事项" in zh


def test_the_linked_pages_list_what_was_counted(work, client_for):
    # the reviewer's "2 results awaiting review" leads to a page with those two rows
    html = client_for("reviewer").get("/evaluation/results/?status=draft").content.decode()
    assert html.count("/evaluation/results/") >= 2
    assert work.ent_a.name_zh in html and work.ent_b.name_zh in html
    # the authority's open warnings page lists its two, not Guangdong's
    html = client_for("authority").get("/index/warnings/?status=open").content.decode()
    assert html.count("status-open") == 2


def test_labels_are_in_the_page_language(work, client_for):
    c = client_for("enterprise")
    en = c.get("/?lang=en").content.decode()
    assert "Self-assessments in progress" in en and "Your to-do list" in en
    assert "Your enterprise:" in en and work.ent_a.name_en in en
    zh = c.get("/?lang=zh-hans").content.decode()
    assert "进行中的自评" in zh and "您的待办事项" in zh
    ev = client_for("evaluator").get("/?lang=en").content.decode()
    due = (timezone.localdate() + timedelta(days=3)).strftime("%-d %b %Y")
    assert f"Assignments to score (next deadline {due})" in ev


def test_nothing_waiting_says_so(world, client_for):
    html = client_for("evaluator").get("/?lang=en").content.decode()
    assert 'data-testid="todo-empty"' in html
    assert "Nothing is waiting for you." in html
    assert "Your institution:" in html


def test_public_home_has_no_list(world, client):
    html = client.get("/").content.decode()
    assert 'data-testid="todo"' not in html
    assert 'data-testid="count-enterprises"' in html


# … the unread notifications of the header's bell, the recall desk's to-do query and
# supervision's to-do count (asked for officers and enterprise users even when it is 0), and
# suppliers' count of overdue 8Ds (asked for enterprise users even when it is 0), complaints'
# desk count for officers and its count of complaints about the enterprise (asked even when 0)
QUERY_CEILING = 14


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_query_count_stays_small(work, client_for, role):
    c = client_for(role)
    c.get("/")  # session, caches warm
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/").status_code == 200
    # session + user + profile (+ regions) + headline counts + at most 2 per to-do item
    # session, user, profile, regions, 4 headline counts (cached outside tests), the scope line,
    # and one query per to-do item
    assert len(ctx.captured_queries) <= QUERY_CEILING + len(EXPECTED[role]), [
        q["sql"][:150] for q in ctx.captured_queries
    ]


def test_admins_see_lately_failed_jobs_and_the_link_lists_exactly_those(world, client_for):
    from qualitas.core.models import Job

    old = Job.objects.create(kind="registry.import", status="failed", message="old")
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    Job.objects.create(kind="index.recompute", status="failed", message="recent")
    Job.objects.create(kind="index.recompute", status="succeeded")
    items = {i.key: i for i in collect_todo(actor_for(world.users["admin"]))}
    item = items["core.failed_jobs"]
    assert item.count == 1
    r = client_for("admin").get(item.url)
    assert r.status_code == 200
    html = r.content.decode()
    assert "index.recompute" in html and "registry.import" not in html
    for role in ("authority", "enterprise", "reviewer"):
        assert "core.failed_jobs" not in {i.key for i in collect_todo(actor_for(world.users[role]))}
