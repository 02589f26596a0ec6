"""Import of incoming-inspection results from an XLSX sheet (a laboratory's or a receiving
system's): one row per lot already received — supplier code, part number, lot number and the
nonconforming count found in its sample. All or nothing: a bad row refuses the file with its row
and field named; the rows are decided in the order the lots were received (the switching rules
follow the lots' sequence)."""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor
from qualitas.suppliers.models import IncomingLot
from qualitas.suppliers.services.common import SupplierError, audit, require_customer
from qualitas.suppliers.services.inspection import lot_record_result

#: header names accepted (English or Chinese) → the column
COLUMNS = {
    "supplier_code": "supplier_code",
    "供应商代码": "supplier_code",
    "part_number": "part_number",
    "零件号": "part_number",
    "lot_number": "lot_number",
    "批号": "lot_number",
    "nonconforming": "nonconforming",
    "不合格品数": "nonconforming",
}
REQUIRED = ("supplier_code", "part_number", "lot_number", "nonconforming")
MAX_ROWS = 5000


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def results_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The sheet's rows as (row number, {column: text}); the header row names the columns."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is the same refusal
        raise SupplierError(_("the file is not an XLSX workbook"), field="file") from None
    rows = list(wb.active.iter_rows(values_only=True)) if wb.active is not None else []
    if not rows:
        raise SupplierError(_("the sheet is empty"), field="file")
    header = [COLUMNS.get(_cell(c).lower(), COLUMNS.get(_cell(c), "")) for c in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SupplierError(
            _("the first row must name the columns: %(cols)s"),
            field="file",
            row=1,
            cols=", ".join(missing),
        )
    if len(rows) - 1 > MAX_ROWS:
        raise SupplierError(_("at most %(max)s rows per file"), field="file", max=MAX_ROWS)
    out = []
    for n, row in enumerate(rows[1:], start=2):
        rec = {h: _cell(v) for h, v in zip(header, row, strict=False) if h}
        if any(rec.values()):
            out.append((n, rec))
    if not out:
        raise SupplierError(_("the sheet has no result rows"), field="file")
    return out


@transaction.atomic
def lot_results_import(*, actor: Actor, customer_id: int, data: bytes) -> list[IncomingLot]:
    """Enter the results of a sheet for lots of the customer's suppliers; returns the lots
    decided, in the order they were decided."""
    require_customer(actor, customer_id)
    rows = results_rows(data)
    found: dict[tuple[str, str, str], IncomingLot] = {
        (lot.part.supplier.code, lot.part.part_number, lot.lot_number): lot
        for lot in IncomingLot.objects.filter(
            part__supplier__customer_id=customer_id,
            lot_number__in={r["lot_number"] for _n, r in rows},
        ).select_related("part", "part__supplier")
    }
    todo: list[tuple[int, IncomingLot, str]] = []
    seen: set[int] = set()
    for n, r in rows:
        key = (r.get("supplier_code", ""), r.get("part_number", ""), r.get("lot_number", ""))
        lot = found.get(key)
        if lot is None:
            raise SupplierError(
                _("no lot %(lot)s of part %(part)s of supplier %(code)s has been received"),
                field="lot_number",
                row=n,
                lot=key[2] or "—",
                part=key[1] or "—",
                code=key[0] or "—",
            )
        if lot.pk in seen:
            raise SupplierError(
                _("lot %(lot)s appears twice"), field="lot_number", row=n, lot=lot.lot_number
            )
        seen.add(lot.pk)
        todo.append((n, lot, r.get("nonconforming", "")))
    todo.sort(key=lambda t: (t[1].received_on, t[1].pk))
    decided = []
    for n, lot, nonconforming in todo:
        try:
            decided.append(lot_record_result(actor=actor, lot=lot, nonconforming=nonconforming))
        except SupplierError as exc:
            exc.row = n
            raise
    first = decided[0]
    audit(actor, "lot_results_import", first, rows=len(decided))
    return decided
