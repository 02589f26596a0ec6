"""Background tasks of traceability (django-tasks): storing a capture."""

from __future__ import annotations

from django_tasks import task


@task()
def run_capture(*, capture_pk: int) -> None:
    """Store the events of a submitted capture (``services.capture.capture_process``)."""
    from qualitas.traceability.models import Capture
    from qualitas.traceability.services.capture import capture_process

    capture = Capture.objects.filter(pk=capture_pk, status="running").first()
    if capture is not None:
        capture_process(capture)


@task()
def run_notify(*, event_pks: list[int]) -> None:
    """Send newly captured events to the webhook subscribers whose queries match."""
    from qualitas.traceability.services.queries import subscriptions_notify

    subscriptions_notify(event_pks=event_pks)
