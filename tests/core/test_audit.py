"""The audit chain: gap-free, hash-linked, and verification says where it was edited, deleted or cut."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qualitas.cli import app
from qualitas.core.audit import audit_append, audit_verify
from qualitas.core.models import AuditCheckpoint, AuditEntry, AuditHead

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(settings):
    # Start from an empty log: other apps may have audited their post_migrate data loads.
    AuditEntry.objects.all().delete()
    AuditCheckpoint.objects.all().delete()
    AuditHead.objects.all().delete()
    settings.QUALITAS = {**settings.QUALITAS, "AUDIT_CHECKPOINT_EVERY": 4}
    for i in range(10):
        audit_append(
            actor="tester",
            action="update",
            model="registry.enterprise",
            object_pk=i,
            changes={"name": [f"a{i}", f"b{i}"]},
        )
    return list(AuditEntry.objects.order_by("seq"))


def test_sequence_is_gap_free_and_linked(chain):
    assert [e.seq for e in chain] == list(range(1, 11))
    assert all(b.prev_hash == a.hash for a, b in zip(chain, chain[1:], strict=False))
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True)) == [4, 8]
    assert audit_verify().ok


def test_edited_entry_is_found(chain):
    AuditEntry.objects.filter(seq=5).update(changes={"name": ["a5", "forged"]})
    report = audit_verify()
    assert [(p.seq, p.kind) for p in report.problems][:1] == [(5, "edited")]


def test_an_edited_entry_whose_hash_was_recomputed_is_named(chain):
    """Issue 16 §9: re-hashing one edited entry was reported at the next entry; the edited one
    is named, and only it (the next entry is intact)."""
    from qualitas.core.audit import entry_hash

    e = chain[4]  # seq 5
    forged = {"name": ["a5", "forged"]}
    digest = entry_hash(
        e.prev_hash,
        seq=e.seq,
        at=e.at,
        actor=e.actor,
        action=e.action,
        model=e.model,
        object_pk=e.object_pk,
        changes=forged,
    )
    AuditEntry.objects.filter(seq=5).update(changes=forged, hash=digest)
    from django.utils import translation

    with translation.override("en"):
        report = audit_verify()
    assert [(p.seq, p.kind) for p in report.problems] == [(5, "edited")]
    assert "entry 5 was altered and its hash recomputed" in report.problems[0].message


def test_deleted_entry_is_found(chain):
    AuditEntry.objects.filter(seq=6).delete()
    report = audit_verify()
    assert (6, "missing") in [(p.seq, p.kind) for p in report.problems]


def test_truncation_is_found_by_head_and_checkpoint(chain):
    AuditEntry.objects.filter(seq__gte=9).delete()
    assert (9, "truncated") in [(p.seq, p.kind) for p in audit_verify().problems]
    # cut the head too: the checkpoint at 8 still shows it once 8 is gone
    AuditEntry.objects.filter(seq__gte=7).delete()
    AuditHead.objects.update(seq=6, hash=AuditEntry.objects.get(seq=6).hash)
    kinds = [(p.seq, p.kind) for p in audit_verify().problems]
    assert (8, "truncated") in kinds


def test_truncation_with_checkpoints_removed_is_found_by_exported_checkpoints(chain, tmp_path):
    runner = CliRunner()
    exported = tmp_path / "cp.txt"
    r = runner.invoke(app, ["audit", "export-checkpoints", str(exported)])
    assert r.exit_code == 0
    assert exported.read_text().splitlines()[-1].startswith("10 ")
    AuditEntry.objects.filter(seq__gte=9).delete()
    AuditCheckpoint.objects.all().delete()
    AuditHead.objects.update(seq=8, hash=AuditEntry.objects.get(seq=8).hash)
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0  # undetectable from inside alone
    r = runner.invoke(app, ["audit", "verify", "--checkpoints", str(exported)])
    assert r.exit_code == 1
    assert "#10 truncated" in r.output


def test_cli_verify_reports_the_place(chain):
    runner = CliRunner()
    r = runner.invoke(app, ["audit", "verify"])
    assert r.exit_code == 0 and "intact: 10 entries" in r.output
    AuditEntry.objects.filter(seq=3).update(actor="mallory")
    r = runner.invoke(app, ["audit", "verify"])
    assert r.exit_code == 1
    assert "#3 edited" in r.output
