"""Surveillance and renewal of a published certificate (issue 13): the yearly surveillance
schedule, its outcome recorded by the issuing institution (a failed one suspends the certificate
at once), suspension / reinstatement / withdrawal with grounds, all reflected on the public
verification page and in the level in force; renewal and surveillance reminders; refusals
naming the field and who may act; the result page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import formats, timezone, translation

from qualitas.core.access import Forbidden
from qualitas.core.models import AuditEntry, Notification
from qualitas.core.notifications import deliver_deadlines
from qualitas.evaluation import selectors, services
from qualitas.evaluation.models import Result
from qualitas.evaluation.providers import result_in_force
from qualitas.evaluation.selectors._common import years_after
from qualitas.evaluation.services import EvaluationError
from tests.evaluation.conftest import actor, publish

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def cert(world: Any, onsite: Any) -> Result:
    return publish(world, onsite, upto=3)


def refusal(exc_type: type[Exception], fn: Any, **kwargs: Any) -> tuple[str, str | None]:
    with translation.override("en"), pytest.raises(exc_type) as info:
        fn(**kwargs)
    with translation.override("en"):
        return str(info.value), getattr(info.value, "field", None)


def record(world: Any, r: Result, **over: Any) -> Any:
    kw = {"year": 1, "visited_on": TODAY, "outcome": "passed", "findings": ""}
    kw.update(over)
    return services.surveillance_record(actor=actor(world.users["reviewer"]), result=r, **kw)


def refused_act(who: Any, kind: str, grounds: str, r: Result) -> tuple[str, str | None]:
    """``who``'s ``kind`` action on ``r``'s certificate, refused: (message, field)."""
    return refusal(
        EvaluationError, services.certificate_act, actor=who, result=r, kind=kind, grounds=grounds
    )


def verify_state(code: str) -> tuple[str, str]:
    with translation.override("en"):
        v = selectors.certificate_verify(code=code)
        return v.state, v.reason


def test_a_surveillance_each_year_of_validity(cert):
    assert cert.valid_until == years_after(TODAY, 3) - timedelta(days=1)
    assert selectors.surveillance_schedule(cert) == [
        (1, years_after(TODAY, 1)),
        (2, years_after(TODAY, 2)),
    ]


def test_recording_refusals_name_the_field(world, cert):
    cases = [
        ({"year": 3}, ("no surveillance is due in year 3 of this certificate", "year")),
        ({"year": None}, ("no surveillance is due in year None of this certificate", "year")),
        (
            {"visited_on": TODAY + timedelta(days=1)},
            ("the visit date cannot lie in the future", "visited_on"),
        ),
        ({"visited_on": None}, ("the visit date cannot lie in the future", "visited_on")),
        ({"outcome": "maybe"}, ("choose passed or failed", "outcome")),
        ({"outcome": "failed"}, ("give the findings of a failed surveillance", "findings")),
    ]
    for over, expected in cases:
        assert refusal(EvaluationError, record, world=world, r=cert, **over) == expected
    record(world, cert)
    assert refusal(EvaluationError, record, world=world, r=cert) == (
        "the surveillance of year 1 is already recorded",
        "year",
    )


def test_who_acts_on_certificates(world, cert):
    for role in ("enterprise", "evaluator", "authority", "other_enterprise"):
        msg, _field = refusal(
            Forbidden,
            services.certificate_act,
            actor=actor(world.users[role]),
            result=cert,
            kind="suspend",
            grounds="x",
        )
        assert msg == "only the issuing institution's staff act on its certificates"
        refusal(
            Forbidden,
            services.surveillance_record,
            actor=actor(world.users[role]),
            result=cert,
            year=1,
            visited_on=TODAY,
            outcome="passed",
        )
    services.certificate_act(
        actor=actor(world.users["institution_manager"]),
        result=cert,
        kind="suspend",
        grounds="complaint under investigation",
    )


def test_failed_surveillance_suspends_at_once_then_reinstate_then_withdraw(
    world, cert, django_capture_on_commit_callbacks
):
    code = cert.certificate_code
    assert verify_state(code)[0] == "valid" and result_in_force(world.ent_a.pk) == cert
    assert selectors.current_levels() == {world.ent_a.pk: 3}
    record(world, cert, visited_on=TODAY - timedelta(days=2))
    assert verify_state(code)[0] == "valid"
    with django_capture_on_commit_callbacks(execute=True):
        record(world, cert, year=2, outcome="failed", findings="internal audits stopped in 2026")
    with translation.override("en"):
        day = formats.date_format(TODAY, "SHORT_DATE_FORMAT")
    assert verify_state(code) == (
        "suspended",
        f"Suspended since {day}: internal audits stopped in 2026",
    )
    assert result_in_force(world.ent_a.pk) is None and selectors.current_levels() == {}
    assert Notification.objects.filter(
        user=world.users["enterprise"], url=f"/verify/{code}/"
    ).exists()
    # the public page says so at once
    from django.test import Client

    page = Client().get(f"/verify/{code}/").content.decode()
    assert "自" in page and "起暂停：internal audits stopped in 2026" in page
    assert 'data-testid="last-surveillance"' in page and "监督评价未通过" in page
    reviewer = actor(world.users["reviewer"])
    assert refused_act(reviewer, "suspend", "again", cert) == (
        "the certificate is already suspended",
        "kind",
    )
    assert refused_act(reviewer, "reinstate", " ", cert) == ("give the grounds", "grounds")
    services.certificate_act(
        actor=reviewer, result=cert, kind="reinstate", grounds="corrective actions verified"
    )
    assert verify_state(code)[0] == "valid" and result_in_force(world.ent_a.pk) == cert
    assert refused_act(reviewer, "reinstate", "x", cert) == (
        "only a suspended certificate is reinstated",
        "kind",
    )
    services.certificate_act(
        actor=reviewer, result=cert, kind="withdraw", grounds="serious quality incident"
    )
    assert verify_state(code) == ("withdrawn", f"Withdrawn on {day}: serious quality incident")
    assert selectors.current_levels() == {}
    assert refused_act(reviewer, "reinstate", "x", cert) == (
        "the certificate is withdrawn: nothing more can be done to it",
        "status",
    )
    actions = AuditEntry.objects.filter(
        model="evaluation.result", object_pk=str(cert.pk)
    ).values_list("action", flat=True)
    assert [a for a in actions if a.startswith(("surveillance", "certificate_"))] == [
        "surveillance",
        "surveillance",
        "certificate_suspend",
        "certificate_reinstate",
        "certificate_withdraw",
    ]


def test_an_expired_certificate_is_not_suspended(world, cert):
    Result.objects.filter(pk=cert.pk).update(valid_until=TODAY - timedelta(days=1))
    cert.refresh_from_db()
    assert refusal(
        EvaluationError,
        services.certificate_act,
        actor=actor(world.users["reviewer"]),
        result=cert,
        kind="suspend",
        grounds="x",
    ) == ("the certificate has expired", "status")


def test_renewal_reminder_before_expiry_and_surveillance_reminder(world, cert):
    ent = world.users["enterprise"]
    deliver_deadlines(ent)
    assert not Notification.objects.filter(user=ent, key__contains="renew").exists()
    Result.objects.filter(pk=cert.pk).update(valid_until=TODAY + timedelta(days=100))
    deliver_deadlines(ent)
    n = Notification.objects.get(user=ent, key=f"evaluation.certificate:{cert.pk}:renew")
    assert n.url == "/evaluation/applications/new/"
    with translation.override("en"):
        assert (TODAY + timedelta(days=100)).isoformat() in n.text
    # surveillance of year 1 due in 5 days: the institution's staff hear of it
    published = years_after(TODAY + timedelta(days=5), -1)
    Result.objects.filter(pk=cert.pk).update(
        published_at=timezone.now() - (TODAY - published), valid_until=years_after(published, 3)
    )
    cert.refresh_from_db()
    deliver_deadlines(world.users["reviewer"])
    assert Notification.objects.filter(
        user=world.users["reviewer"], key=f"evaluation.surveillance:{cert.pk}:1"
    ).exists()
    record(world, cert)
    Notification.objects.all().delete()
    deliver_deadlines(world.users["reviewer"])
    assert not Notification.objects.filter(key__startswith="evaluation.surveillance").exists()


def test_result_page_panel_and_forms(world, cert, client_for):
    url = f"/evaluation/results/{cert.pk}/"
    staff = client_for("reviewer")
    page = staff.get(url).content.decode()
    assert 'data-testid="surveillance"' in page and 'data-testid="surveillance-form"' in page
    assert 'data-testid="standing"' in page and "有效" in page
    mine = client_for("enterprise").get(url).content.decode()
    assert 'data-testid="surveillance"' in mine and 'data-testid="certificate-form"' not in mine
    # a refusal on the page names what is wrong
    r = staff.post(url, {"action": "surveillance", "year": "1", "outcome": "failed"}, follow=True)
    assert "现场日期不能晚于今天" in r.content.decode()
    r = staff.post(
        url,
        {
            "action": "surveillance",
            "year": "1",
            "visited_on": TODAY.isoformat(),
            "outcome": "failed",
            "findings": "管理评审未开展",
        },
        follow=True,
    )
    body = r.content.decode()
    assert "监督评价已录入。" in body and "已暂停" in body and "管理评审未开展" in body
    r = staff.post(url, {"action": "certificate", "kind": "reinstate", "grounds": ""}, follow=True)
    assert "请填写依据" in r.content.decode()
    r = staff.post(
        url, {"action": "certificate", "kind": "reinstate", "grounds": "已整改"}, follow=True
    )
    assert "证书状态已记录。" in r.content.decode()
    assert selectors.certificate_standing(cert).kind == "reinstate"
