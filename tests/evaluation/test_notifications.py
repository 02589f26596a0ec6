"""Notifications of capability evaluation (issue 11 item 18): the team hears of an assignment,
evaluators and campaign runners of deadlines near or past — once per deadline, at login and by
``qualitas notify-deadlines``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation

from qualitas.core.models import Notification
from qualitas.core.notifications import deliver_deadlines

pytestmark = pytest.mark.django_db


def test_assigning_evaluators_notifies_the_team(world, onsite, django_capture_on_commit_callbacks):
    from qualitas.core.access import actor_for
    from qualitas.evaluation import services

    # the fixture assigned the evaluator (outside a captured commit); do it again, captured
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_assign_evaluators(
            actor=actor_for(world.users["institution_manager"]),
            assignment=onsite.assignment,
            lead=world.users["evaluator"],
        )
    n = Notification.objects.get(user=world.users["evaluator"])
    assert n.kind == "assignment" and n.url == f"/evaluation/assignments/{onsite.assignment.pk}/"
    with translation.override("en"):
        assert world.ent_a.name_en in n.text or world.ent_a.name_zh in n.text


def test_deadlines_become_notifications_at_login_once(world, onsite):
    from qualitas.evaluation.models import Assignment

    Assignment.objects.filter(pk=onsite.assignment.pk).update(
        deadline=timezone.localdate() + timedelta(days=3)
    )
    Notification.objects.all().delete()
    c = Client()
    assert c.login(username="eva", password="pw-eva")
    n = Notification.objects.get(user=world.users["evaluator"], kind="deadline")
    assert n.url == f"/evaluation/assignments/{onsite.assignment.pk}/"
    with translation.override("zh-hans"):
        assert "现场评价" in n.text and "截止" in n.text
    assert deliver_deadlines(world.users["evaluator"]) == 0  # once per deadline
    # the authority running the campaign hears of it when it is near too
    from qualitas.evaluation.models import Campaign

    Campaign.objects.filter(pk=onsite.campaign.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    deliver_deadlines(world.users["authority"])  # other apps' deadlines may come too
    n = Notification.objects.get(
        user=world.users["authority"], url__startswith="/evaluation/campaigns/"
    )
    with translation.override("en"):
        assert "was due on" in n.text
    assert deliver_deadlines(world.users["authority"]) == 0  # once per deadline


def test_notify_deadlines_command(world, onsite):
    from typer.testing import CliRunner

    from qualitas.cli import app
    from qualitas.evaluation.models import Assignment

    Assignment.objects.filter(pk=onsite.assignment.pk).update(deadline=timezone.localdate())
    Notification.objects.all().delete()
    out = CliRunner().invoke(app, ["--lang", "en", "notify-deadlines"])
    assert out.exit_code == 0, out.output
    assert "notification(s) of deadlines created" in out.output
    assert Notification.objects.filter(user=world.users["evaluator"], kind="deadline").exists()
    assert get_user_model().objects.count() >= 8
