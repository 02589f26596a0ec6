"""Phase II monitoring on arrival (a service: it writes alerts).

New points of monitored characteristics are judged against their frozen limits with the run
rules of their rule set, by :func:`qualitas.analytics.spc.rules_batch` — one vectorised call per
rule set for all characteristics at once. So that runs spanning the boundary are seen (nine in a
row on one side, six rising …), each characteristic's last ``HISTORY`` plotted points are put in
front of the new ones; only flags on *new* points count.

A violation opens an :class:`~qualitas.diagnosis.models.Alert` unless one is already open for the
same characteristic and rule, in which case the new points are added to it. E-mails go out after
the transaction commits (``transaction.on_commit``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from qualitas.analytics.spc import parse_rules, rules_batch
from qualitas.diagnosis.choices import AlertStatus
from qualitas.diagnosis.models import Alert, Characteristic, Measurement
from qualitas.diagnosis.rules import rule_description, rule_label

log = logging.getLogger(__name__)

HISTORY = 15  # plotted points of history: the longest run rule (nelson-7) needs 15
MAX_POINTS_KEPT = 200  # points listed on one alert; ``occurrences`` keeps counting


@dataclass(frozen=True, kw_only=True)
class NewPoints:
    """New measurements of one characteristic, oldest first (times are aware UTC datetimes)."""

    times: Sequence[datetime]
    values: np.ndarray
    subgroups: Sequence[str]
    sizes: np.ndarray | None = None  # sample sizes of attribute counts


def _plotted(
    times: Sequence[datetime], values: np.ndarray, subgroups: Sequence[str], n: int
) -> tuple[list[datetime], np.ndarray, list[str]]:
    """Individuals: each value. Subgroups (n > 1): the mean per subgroup label, in order of first appearance."""
    if n <= 1:
        return list(times), np.asarray(values, dtype=float), list(subgroups)
    order: dict[str, int] = {}
    sums: list[float] = []
    counts: list[int] = []
    first_time: list[datetime] = []
    for i, (t, v, s) in enumerate(zip(times, values, subgroups, strict=True)):
        key = s or f"#{i // n}"
        j = order.get(key)
        if j is None:
            order[key] = j = len(sums)
            sums.append(0.0)
            counts.append(0)
            first_time.append(t)
        sums[j] += float(v)
        counts[j] += 1
    return first_time, np.asarray(sums) / np.asarray(counts), list(order)


def _history(
    chars: list[Characteristic],
) -> dict[int, tuple[list[datetime], np.ndarray, list[str], np.ndarray]]:
    """The last ``HISTORY × n`` measurements of each characteristic, oldest first, in one query
    (with the sample sizes of attribute counts)."""
    if not chars:
        return {}
    depth = {c.pk: HISTORY * (1 if c.is_attribute else max(1, c.subgroup_size)) for c in chars}
    limit = max(depth.values())
    rows: dict[int, list[tuple[datetime, float, str, float | None]]] = defaultdict(list)
    if connection.vendor == "postgresql":
        # One index range scan per characteristic (LATERAL … LIMIT): cost independent of history length.
        sql = (
            "SELECT c.id, m.time, m.value, m.subgroup, m.size FROM unnest(%s::bigint[]) AS c(id) "
            "CROSS JOIN LATERAL (SELECT time, value, subgroup, size, id FROM diagnosis_measurement "
            "WHERE characteristic_id = c.id ORDER BY time DESC, id DESC LIMIT %s) m"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [list(depth), limit])
            for cid, t, v, s, z in cur.fetchall():
                rows[cid].append((t, v, s, z))
    else:
        qs = (
            Measurement.objects.filter(characteristic_id__in=list(depth))
            .annotate(
                rn=Window(
                    RowNumber(),
                    partition_by=[F("characteristic_id")],
                    order_by=[F("time").desc(), F("pk").desc()],
                )
            )
            .filter(rn__lte=limit)
            .values_list("characteristic_id", "time", "value", "subgroup", "size")
        )
        for cid, t, v, s, z in qs:
            rows[cid].append((t, v, s, z))
    out = {}
    for c in chars:
        got = sorted(rows.get(c.pk, []), key=lambda r: r[0])[-depth[c.pk] :]
        t, v, s = _plotted(
            [r[0] for r in got],
            np.asarray([r[1] for r in got], dtype=float),
            [r[2] for r in got],
            1 if c.is_attribute else c.subgroup_size,
        )
        z = np.asarray([np.nan if r[3] is None else r[3] for r in got], dtype=float)
        out[c.pk] = (t[-HISTORY:], v[-HISTORY:], s[-HISTORY:], z[-HISTORY:])
    return out


def attribute_points(
    chart: str, rate: float, counts: np.ndarray, sizes: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Plotted points of attribute counts with their own limits, from the frozen rate per unit
    (p̄ for p and np, ū for u, c̄ for c): (points, centre, se, lcl, ucl), LCL floored at 0."""
    x = np.asarray(counts, dtype=float)
    n = np.ones_like(x) if sizes is None or chart == "c" else np.asarray(sizes, dtype=float)
    unit_sd = np.sqrt(rate * (1.0 - rate)) if chart in ("p", "np") else np.sqrt(rate)
    if chart == "p" or chart == "u":
        points, centre, se = x / n, np.full(x.shape, rate), unit_sd / np.sqrt(n)
    elif chart == "np":
        points, centre, se = x, rate * n, unit_sd * np.sqrt(n)
    else:
        points, centre, se = x, np.full(x.shape, rate), np.full(x.shape, unit_sd)
    return points, centre, se, np.maximum(0.0, centre - 3.0 * se), centre + 3.0 * se


@dataclass
class MonitorOutcome:
    """What one monitoring call found: violations per characteristic and the alerts opened or extended."""

    violations: dict[int, dict[str, list[int]]]
    opened: list[Alert]
    extended: list[Alert]

    @property
    def count(self) -> int:
        return sum(len(ix) for per in self.violations.values() for ix in per.values())


def monitor_new_points(
    *, new: dict[int, NewPoints], characteristics: dict[int, Characteristic] | None = None
) -> MonitorOutcome:
    """Check new points of monitored characteristics (with frozen limits) and open or extend alerts.

    Call it inside the transaction that stores the points, *before* storing them, so that the
    history read from the database ends where the new points begin.
    """
    chars = characteristics or {
        c.pk: c
        for c in Characteristic.objects.filter(pk__in=list(new)).select_related("enterprise")
    }
    active = [
        c
        for cid, c in chars.items()
        if cid in new and c.monitored and c.has_frozen_limits and len(new[cid].values)
    ]
    outcome = MonitorOutcome(violations={}, opened=[], extended=[])
    if not active:
        return outcome
    history = _history(active)
    by_rules: dict[str, list[Characteristic]] = defaultdict(list)
    for c in active:
        by_rules[c.rule_set].append(c)
    found: dict[int, dict[str, list[tuple[datetime, float, str]]]] = {}
    for rule_set, group in by_rules.items():
        plotted = []
        for c in group:
            p = new[c.pk]
            ht, hv, hs, hz = history[c.pk]
            if c.is_attribute:
                nt, nv, ns = list(p.times), np.asarray(p.values, dtype=float), list(p.subgroups)
                counts = np.concatenate([hv, nv])
                sizes = np.concatenate(
                    [hz, p.sizes if p.sizes is not None else np.full(nv.size, np.nan)]
                )
                pts, centre, se, lcl, ucl = attribute_points(
                    c.chart_type, float(c.frozen_limits["center"]), counts, sizes
                )
            else:
                nt, nv, ns = _plotted(p.times, p.values, p.subgroups, c.subgroup_size)
                pts = np.concatenate([hv, nv])
                lim = c.frozen_limits
                centre, se, lcl, ucl = (
                    np.full(pts.size, float(lim[k])) for k in ("center", "se", "lcl", "ucl")
                )
            plotted.append(
                (nt, pts[-len(nv) :] if len(nv) else pts[:0], ns, pts, centre, se, lcl, ucl)
            )
        width = max(row[3].size for row in plotted)
        k = len(group)
        # padding in front of shorter rows: NaN points against harmless limits
        arrays = {
            "points": np.full((k, width), np.nan),
            "center": np.zeros((k, width)),
            "se": np.ones((k, width)),
            "lcl": np.full((k, width), -3.0),
            "ucl": np.full((k, width), 3.0),
        }
        for i, (_, _, _, pts, centre, se, lcl, ucl) in enumerate(plotted):
            for key, row in zip(arrays, (pts, centre, se, lcl, ucl), strict=True):
                arrays[key][i, width - row.size :] = row
        rules = parse_rules(rule_set)
        flags = rules_batch(
            arrays["points"],
            center=arrays["center"],
            se=arrays["se"],
            lcl=arrays["lcl"],
            ucl=arrays["ucl"],
            rules=rules,
        )
        for i, c in enumerate(group):
            nt, nv, ns = plotted[i][0], plotted[i][1], plotted[i][2]
            n_new = len(nv)
            new_flags = flags[i, :, width - n_new :]
            if not new_flags.any():
                continue
            per: dict[str, list[tuple[datetime, float, str]]] = {}
            for q, rule in enumerate(rules):
                idx = np.nonzero(new_flags[q])[0]
                if idx.size:
                    per[rule] = [(nt[j], float(nv[j]), ns[j]) for j in idx]
            found[c.pk] = per
            outcome.violations[c.pk] = {r: list(range(len(v))) for r, v in per.items()}
    if found:
        _alerts_apply(found, chars, outcome)
    return outcome


def _point(t: datetime, v: float, s: str) -> dict[str, Any]:
    return {"t": t.isoformat(), "v": v, "sg": s}


def _alerts_apply(
    found: dict[int, dict[str, list[tuple[datetime, float, str]]]],
    chars: dict[int, Characteristic],
    outcome: MonitorOutcome,
) -> None:
    now = timezone.now()
    open_alerts = {
        (a.characteristic_id, a.rule): a
        for a in Alert.objects.filter(characteristic_id__in=list(found), status=AlertStatus.OPEN)
    }
    to_create: list[Alert] = []
    to_update: list[Alert] = []
    for cid, per in found.items():
        for rule, pts in per.items():
            last = max(p[0] for p in pts)
            existing = open_alerts.get((cid, rule))
            if existing is not None:
                existing.points = (existing.points + [_point(*p) for p in pts])[-MAX_POINTS_KEPT:]
                existing.occurrences += len(pts)
                existing.last_at = max(existing.last_at, last)
                to_update.append(existing)
            else:
                to_create.append(
                    Alert(
                        characteristic_id=cid,
                        rule=rule,
                        points=[_point(*p) for p in pts][-MAX_POINTS_KEPT:],
                        occurrences=len(pts),
                        opened_at=now,
                        last_at=last,
                    )
                )
    if to_create:
        Alert.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Alert.objects.bulk_update(to_update, ["points", "occurrences", "last_at"], batch_size=500)
    outcome.opened, outcome.extended = to_create, to_update
    if to_create:
        by_enterprise: dict[int, list[tuple[Characteristic, Alert]]] = defaultdict(list)
        for a in to_create:
            c = chars[a.characteristic_id]
            by_enterprise[c.enterprise_id].append((c, a))
        transaction.on_commit(lambda: _notify(by_enterprise))


def _alert_mail(items: list[tuple[Characteristic, Alert]], lang: str) -> tuple[str, str]:
    """(subject, body) of an alert e-mail in ``lang``."""
    with translation.override(lang):
        lines = [
            gettext(
                "- %(name)s [%(unit)s]: %(rule)s — %(description)s; %(count)s point(s), last at %(time)s"
            )
            % {
                "name": c.name,
                "unit": c.unit,
                "rule": rule_label(a.rule),
                "description": rule_description(a.rule, a.rule),
                "count": a.occurrences,
                "time": date_format(timezone.localtime(a.last_at), "DATETIME_FORMAT"),
            }
            for c, a in items
        ]
        subject = gettext("%(count)s new alert(s)") % {"count": len(items)}
        body = "\n".join(
            [
                gettext("New out-of-control alerts:"),
                "",
                *lines,
                "",
                gettext(
                    "Acknowledge them with an assignable cause and a corrective action on the diagnosis dashboard."
                ),
            ]
        )
    return subject, body


def _notify(by_enterprise: dict[int, list[tuple[Characteristic, Alert]]]) -> None:
    """An in-app notification per new alert to every user of its enterprise (the bell in the
    header); one e-mail per enterprise and language to its users with an address, in their
    language (Django's mail backend; console in the demo)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from qualitas.core.choices import NotificationKind
    from qualitas.core.notifications import mail_addresses_by_language, notify

    members: dict[int, list[int]] = defaultdict(list)
    for uid, eid in (
        get_user_model()
        .objects.filter(profile__enterprise_id__in=list(by_enterprise), is_active=True)
        .values_list("pk", "profile__enterprise_id")
    ):
        members[eid].append(uid)
    for eid, items in by_enterprise.items():
        for c, a in items:
            notify(
                users=members.get(eid, []),
                kind=NotificationKind.ALERT,
                message=gettext_noop(
                    "An out-of-control alert was opened on %(characteristic)s: %(count)d point(s)."
                ),
                params={"characteristic": c.name, "count": a.occurrences},
                url=reverse("diagnosis:alert", args=[a.pk]),
                key=f"diagnosis.alert:{a.pk}",
                email=False,  # the enterprise's alert e-mail below says it already
            )

    for eid, items in by_enterprise.items():
        # each reader in their language (the one they last chose or logged in with)
        for lang, addresses in mail_addresses_by_language(members.get(eid, [])).items():
            subject, body = _alert_mail(items, lang)
            try:
                send_mail(
                    subject="[Qualitas] " + subject,
                    message=body,
                    from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
                    recipient_list=addresses,
                    fail_silently=False,
                )
            except Exception:
                log.exception("alert e-mail to enterprise %s failed", eid)
