"""Pages of applications and the document review (issue 13): the enterprise applies and follows
its applications, the manager decides in the inbox, the authority reads, the lead evaluator
reviews the documents on the assignment page; in Chinese with full-width marks and in English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qualitas.evaluation.models import Application
from tests.evaluation.conftest import submitted_assessment
from tests.evaluation.test_applications import accept, apply, team

pytestmark = pytest.mark.django_db

LIST = "/evaluation/applications/"
NEW = "/evaluation/applications/new/"


def test_enterprise_applies_from_the_form(world, client_for):
    from qualitas.registry.models import Institution

    far = Institution.objects.create(kind="evaluation", name_zh="深圳评价所", region_id="440300")
    submitted_assessment(world.users["enterprise"], upto=2)
    c = client_for("enterprise")
    page = c.get(NEW).content.decode()
    assert page.index(world.institution.name_zh) < page.index(far.name_zh)  # nearest first
    assert 'data-testid="attached"' in page and "所附自评：" in page
    r = c.post(NEW, {"institution": str(far.pk), "message": "请安排十月"})
    assert r.status_code == 302 and r.url == LIST
    app = Application.objects.get()
    assert app.institution == far and app.message == "请安排十月" and app.status == "submitted"
    page = c.get(LIST).content.decode()
    assert "我的现场评价申请" in page and "待决定" in page and "答复期限：" in page
    assert 'data-testid="withdraw"' in page and 'data-testid="accept-form"' not in page
    # the same institution again: refused on the form, naming why
    r = c.post(NEW, {"institution": str(far.pk)})
    assert r.status_code == 200 and "已有一份向该机构提交的申请在等待决定" in r.content.decode()
    assert Application.objects.count() == 1


def test_without_a_submitted_self_assessment_the_form_says_so(world, client_for):
    page = client_for("enterprise").get(NEW, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="no-assessment"' in page and "submit-application" not in page


def test_enterprise_withdraws(world, client_for):
    app = apply(world)
    c = client_for("enterprise")
    r = c.post(LIST, {"application": app.pk, "action": "withdraw"}, follow=True)
    app.refresh_from_db()
    assert app.status == "withdrawn" and "申请已撤回。" in r.content.decode()
    r = c.post(LIST, {"application": app.pk, "action": "withdraw"}, follow=True)
    assert "只有待决定的申请才能撤回" in r.content.decode()


def test_manager_accepts_and_declines_in_the_inbox(world, client_for):
    app = apply(world)
    c = client_for("institution_manager")
    page = c.get(LIST).content.decode()
    assert "本机构收到的申请" in page and 'data-testid="accept-form"' in page
    assert 'data-testid="withdraw"' not in page
    r = c.post(LIST, {"application": app.pk, "action": "decline", "reason": ""}, follow=True)
    assert "请填写拒绝理由" in r.content.decode()
    app.refresh_from_db()
    assert app.status == "submitted"
    day = (timezone.localdate() + timedelta(days=20)).isoformat()
    r = c.post(
        LIST,
        {"application": app.pk, "action": "accept", "quote": "30000", "planned_on": day},
        follow=True,
    )
    app.refresh_from_db()
    assert app.status == "accepted" and app.assignment.campaign_id is None
    assert "申请已受理" in r.content.decode()
    # a second application, declined with a reason the enterprise then reads
    second = Application.objects.create(
        enterprise=world.ent_a,
        institution=world.institution,
        assessment=app.assessment,
        reply_by=timezone.localdate(),
    )
    c.post(LIST, {"application": second.pk, "action": "decline", "reason": "排期已满"})
    page = client_for("enterprise").get(LIST + "?status=declined").content.decode()
    assert "拒绝理由：排期已满" in page and f'data-testid="application-{app.pk}"' not in page


def test_authority_reads_only_and_others_get_nothing(world, client_for):
    app = apply(world)
    c = client_for("authority")
    page = c.get(LIST).content.decode()
    assert "辖区内的评价申请" in page and world.ent_a.name_zh in page
    assert 'data-testid="accept-form"' not in page and 'data-testid="withdraw"' not in page
    day = (timezone.localdate() + timedelta(days=20)).isoformat()
    r = c.post(
        LIST,
        {"application": app.pk, "action": "accept", "quote": "1", "planned_on": day},
        follow=True,
    )
    assert "只有该机构的管理人员才能决定申请" in r.content.decode()
    app.refresh_from_db()
    assert app.status == "submitted"
    # ent_c's users and another enterprise's POST: the application does not exist for them
    page = client_for("other_enterprise").get(LIST).content.decode()
    assert world.ent_a.name_zh not in page
    r = client_for("other_enterprise").post(LIST, {"application": app.pk, "action": "withdraw"})
    assert r.status_code == 404


def test_document_review_panel_request_answer_pass(world, client_for):
    a = team(world, accept(world, apply(world)))
    url = f"/evaluation/assignments/{a.pk}/"
    lead = client_for("evaluator")
    page = lead.get(url).content.decode()
    assert 'data-testid="document-review"' in page and "待文件评审" in page
    assert 'data-testid="documents-pass"' in page and "截止日期：" in page
    assert f"/evaluation/assignments/{a.pk}/score/" not in page  # no scoring before it passes
    # nor by its address: the form does not open, the assignment page says why
    r = lead.get(f"/evaluation/assignments/{a.pk}/score/", follow=True)
    assert r.redirect_chain == [(url, 302)]
    assert "文件评审通过后才能开始现场评分" in r.content.decode()
    assert 'name="summary"' not in r.content.decode()
    r = lead.post(f"/evaluation/assignments/{a.pk}/score/1/", {"v1": "full"})
    assert r.status_code == 400
    mine = lead.get("/evaluation/assignments/").content.decode()
    assert "待文件评审" in mine and f"/evaluation/assignments/{a.pk}/score/" not in mine
    # the manager sees the panel but cannot review
    page = client_for("institution_manager").get(url).content.decode()
    assert 'data-testid="document-review"' in page and 'data-testid="documents-pass"' not in page
    r = lead.post(url, {"action": "documents_request", "text": "请补充2025年供方审核记录"})
    assert r.status_code == 302
    a.document_review.refresh_from_db()
    assert a.document_review.status == "more_requested"
    ent = client_for("enterprise")
    page = ent.get(LIST).content.decode()
    assert "评价人员要求：请补充2025年供方审核记录" in page
    app = a.application
    r = ent.post(
        LIST,
        {
            "application": app.pk,
            "action": "answer",
            "answer": "见附件",
            "file": SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit", "application/pdf"),
        },
        follow=True,
    )
    assert "答复已发送给评价人员。" in r.content.decode()
    req = a.document_review.requests.get()
    assert req.answer == "见附件" and req.file.name.endswith(".pdf")
    page = lead.get(url).content.decode()
    assert "答复：见附件" in page
    lead.post(url, {"action": "documents_pass", "note": "齐全"})
    page = lead.get(url).content.decode()
    assert "文件评审通过" in page and 'data-testid="plan-form"' in page
    # scoring waits for the on-site plan, now the next stage
    assert f"/evaluation/assignments/{a.pk}/score/" not in page
    mine = lead.get("/evaluation/assignments/").content.decode()
    assert "待发送现场评价计划" in mine and f"/evaluation/assignments/{a.pk}/score/" not in mine


def test_pages_in_english(world, client_for):
    app = apply(world)
    accept(world, app)
    page = client_for("enterprise").get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My applications for an on-site evaluation" in page
    assert "Quote (yuan): 28000" in page and "Accepted" in page


def test_each_role_finds_the_applications_page(world, client_for):
    assert NEW in client_for("enterprise").get("/evaluation/self/").content.decode()
    page = client_for("institution_manager").get("/evaluation/assignments/").content.decode()
    assert 'data-testid="inbox"' in page and LIST in page
    assert (
        'data-testid="inbox"'
        not in client_for("evaluator").get("/evaluation/assignments/").content.decode()
    )
    assert LIST in client_for("authority").get("/evaluation/dashboard/").content.decode()
