"""Which groups of an aggregate a reader is shown (ARCHITECTURE.md, "Data rules").

The minimum group size (``QUALITAS["MIN_GROUP_SIZE"]``) protects readers of aggregates who
cannot see the rows behind them: a count or mean over fewer enterprises would disclose them.
It does not protect anything from a reader who can list the same enterprises row by row — an
authority officer reading statistics of its own regions (:func:`aggregate_scope` restricts
them to exactly the enterprises it has row access to), or an admin. Withholding a group from
them only hid numbers the table below already showed ("数据不足" above a list of the same
enterprises), so they are shown every group.

Every place that withholds small groups asks :func:`aggregate_min_group` (groups computed over
the reader's :func:`aggregate_scope`) or :func:`peer_min_group` (groups of peers outside the
reader's rows, such as an enterprise's position among the others of its industry).
"""

from __future__ import annotations

from django.conf import settings

from qualitas.core.access.base import Actor
from qualitas.core.choices import Role

__all__ = ["aggregate_min_group", "peer_min_group", "reads_rows_of_aggregates"]


def _platform_min_group() -> int:
    return int(settings.QUALITAS["MIN_GROUP_SIZE"])


def reads_rows_of_aggregates(actor: Actor) -> bool:
    """The actor has row access to every enterprise its aggregates are computed over: admins
    (everything) and authority officers (aggregates of their own regions)."""
    return actor.role in (Role.ADMIN, Role.AUTHORITY)


def aggregate_min_group(actor: Actor) -> int:
    """The smallest group shown to ``actor`` in an aggregate over its :func:`aggregate_scope`:
    1 (every group) for readers with row access to those enterprises, else the platform's
    minimum group size."""
    return 1 if reads_rows_of_aggregates(actor) else _platform_min_group()


def peer_min_group(actor: Actor | None = None) -> int:
    """The smallest group of peers shown to anyone: peers lie outside the reader's rows (the
    others of an enterprise's industry or province), so the platform's minimum group size."""
    return _platform_min_group()
