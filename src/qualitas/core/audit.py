"""The audit log: an append-only hash chain of every write to regulated and registry records.

Rules (ARCHITECTURE.md, "Data rules"):

* entries carry gap-free sequence numbers from 1, appended one at a time: the append locks the
  single :class:`~qualitas.core.models.AuditHead` row (``SELECT … FOR UPDATE`` on PostgreSQL;
  SQLite serialises writers itself);
* each entry's hash is ``H(prev_hash || canonical JSON of seq, time, actor, action, model,
  object id and changes)`` with H = SHA-256 (SM3 as the ``QUALITAS["AUDIT_HASH"]`` setting);
* every ``AUDIT_CHECKPOINT_EVERY`` entries the current hash is written to a checkpoint row,
  and checkpoints can be exported and kept elsewhere, so that truncation of the log together
  with its head shows against an exported checkpoint.

:func:`audit_verify` recomputes the chain and reports the first place where it breaks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitas.core.models import AuditCheckpoint, AuditEntry, AuditHead

if TYPE_CHECKING:
    from _hashlib import HASH

GENESIS = "0" * 64


def _hasher() -> HASH:
    name = settings.QUALITAS.get("AUDIT_HASH", "sha256")
    return hashlib.new("sm3" if name == "sm3" else "sha256")


def _canonical(
    seq: int, at: datetime, actor: str, action: str, model: str, object_pk: str, changes: Any
) -> bytes:
    body = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "model": model,
        "pk": str(object_pk),
        "changes": changes,
    }
    return json.dumps(
        body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()


def entry_hash(
    prev_hash: str,
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    model: str,
    object_pk: str,
    changes: Any,
) -> str:
    """The chain hash of one entry given the previous entry's hash."""
    h = _hasher()
    h.update(prev_hash.encode())
    h.update(_canonical(seq, at, actor, action, model, object_pk, changes))
    return h.hexdigest()


@dataclass(frozen=True, kw_only=True)
class AuditRecord:
    """One change to record: who did what to which record."""

    action: str
    model: str
    object_pk: str
    changes: dict[str, Any] = field(default_factory=dict)


def _actor_name(actor: Any) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return getattr(actor, "username", None) or str(actor)


def audit_append_many(*, actor: Any, records: Sequence[AuditRecord]) -> list[AuditEntry]:
    """Append records to the chain in order, under the head lock; returns the saved entries."""
    if not records:
        return []
    name = _actor_name(actor)
    every = max(1, int(settings.QUALITAS.get("AUDIT_CHECKPOINT_EVERY", 1000)))
    with transaction.atomic():
        head, _created = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq, prev = head.seq, head.hash or GENESIS
        now = timezone.now()
        entries: list[AuditEntry] = []
        checkpoints: list[AuditCheckpoint] = []
        for record in records:
            seq += 1
            digest = entry_hash(
                prev,
                seq=seq,
                at=now,
                actor=name,
                action=record.action,
                model=record.model,
                object_pk=str(record.object_pk),
                changes=record.changes,
            )
            entries.append(
                AuditEntry(
                    seq=seq,
                    at=now,
                    actor=name,
                    action=record.action,
                    model=record.model,
                    object_pk=str(record.object_pk),
                    changes=record.changes,
                    prev_hash=prev,
                    hash=digest,
                )
            )
            if seq % every == 0:
                checkpoints.append(AuditCheckpoint(seq=seq, hash=digest))
            prev = digest
        AuditEntry.objects.bulk_create(entries, batch_size=5000)
        if checkpoints:
            AuditCheckpoint.objects.bulk_create(checkpoints)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
    return entries


def audit_append(
    *, actor: Any, action: str, model: str, object_pk: Any, changes: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry to the chain."""
    return audit_append_many(
        actor=actor,
        records=[
            AuditRecord(action=action, model=model, object_pk=str(object_pk), changes=changes or {})
        ],
    )[0]


def audit_checkpoint_now() -> AuditCheckpoint | None:
    """Write a checkpoint of the current head (e.g. before exporting); None on an empty log."""
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(id=1).first()
        if head is None or head.seq == 0:
            return None
        checkpoint, _created = AuditCheckpoint.objects.get_or_create(
            seq=head.seq, defaults={"hash": head.hash}
        )
        return checkpoint


@dataclass(frozen=True, kw_only=True)
class AuditProblem:
    """Where the chain breaks and why."""

    seq: int
    kind: str  # "edited", "missing", "truncated", "checkpoint"
    message: str  # in the language active when the chain was verified


@dataclass(frozen=True, kw_only=True)
class AuditReport:
    """Outcome of :func:`audit_verify`."""

    entries: int
    last_seq: int
    problems: list[AuditProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_verify(*, external_checkpoints: Iterable[tuple[int, str]] = ()) -> AuditReport:
    """Recompute the chain; report edited entries, gaps (deleted), truncation and checkpoint mismatches.

    ``external_checkpoints`` are ``(seq, hash)`` pairs exported earlier and kept outside the
    database: they reveal a truncation even when the head row and checkpoints were cut too.
    """
    problems: list[AuditProblem] = []
    expected_seq, prev = 1, GENESIS
    hashes: dict[int, str] = {}
    count = 0
    last_seq = 0
    rows = AuditEntry.objects.order_by("seq").values_list(
        "seq", "at", "actor", "action", "model", "object_pk", "changes", "prev_hash", "hash"
    )
    for seq, at, actor, action, model, object_pk, changes, prev_hash, stored in rows.iterator(
        chunk_size=5000
    ):
        count += 1
        if seq != expected_seq:
            problems.append(
                AuditProblem(
                    seq=expected_seq,
                    kind="missing",
                    message=_("entries %(first)s–%(last)s are missing (deleted)")
                    % {"first": expected_seq, "last": seq - 1},
                )
            )
            prev = prev_hash  # resynchronise to keep checking the rest
        recomputed = entry_hash(
            prev,
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            model=model,
            object_pk=object_pk,
            changes=changes,
        )
        if prev_hash != prev and seq == expected_seq and seq > 1:
            own = entry_hash(
                prev_hash,
                seq=seq,
                at=at,
                actor=actor,
                action=action,
                model=model,
                object_pk=object_pk,
                changes=changes,
            )
            if own == stored:
                # this entry is intact and records another hash for the one before: that one was
                # altered and its hash recomputed to hide it — name it, not this one
                problems.append(
                    AuditProblem(
                        seq=seq - 1,
                        kind="edited",
                        message=_(
                            "entry %(seq)s was altered and its hash recomputed: the next entry "
                            "records another hash for it"
                        )
                        % {"seq": seq - 1},
                    )
                )
                prev = prev_hash
                recomputed = own
        if prev_hash != prev or recomputed != stored:
            problems.append(
                AuditProblem(
                    seq=seq,
                    kind="edited",
                    message=_("entry %(seq)s was altered: its hash does not match its content")
                    % {"seq": seq},
                )
            )
            recomputed = stored
        hashes[seq] = stored
        prev, expected_seq, last_seq = recomputed, seq + 1, seq
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.seq > last_seq:
        problems.append(
            AuditProblem(
                seq=last_seq + 1,
                kind="truncated",
                message=_("log ends at entry %(last)s but its head records %(head)s: truncated")
                % {"last": last_seq, "head": head.seq},
            )
        )
    elif (
        head is not None and head.seq == last_seq and last_seq and head.hash != hashes.get(last_seq)
    ):
        problems.append(
            AuditProblem(
                seq=last_seq,
                kind="edited",
                message=_("entry %(seq)s does not match the chain head") % {"seq": last_seq},
            )
        )
    checkpoints = list(AuditCheckpoint.objects.values_list("seq", "hash")) + list(
        external_checkpoints
    )
    for seq, digest in checkpoints:
        if seq > last_seq:
            problems.append(
                AuditProblem(
                    seq=seq,
                    kind="truncated",
                    message=_(
                        "checkpoint at entry %(seq)s lies beyond the end of the log (%(last)s): "
                        "truncated"
                    )
                    % {"seq": seq, "last": last_seq},
                )
            )
        elif hashes.get(seq) != digest:
            problems.append(
                AuditProblem(
                    seq=seq,
                    kind="checkpoint",
                    message=_("entry %(seq)s differs from its checkpoint") % {"seq": seq},
                )
            )
    # one problem per place, in order
    seen: set[tuple[int, str]] = set()
    unique = []
    for p in sorted(problems, key=lambda p: (p.seq, p.kind)):
        if (p.seq, p.kind) not in seen:
            seen.add((p.seq, p.kind))
            unique.append(p)
    return AuditReport(entries=count, last_seq=last_seq, problems=unique)
