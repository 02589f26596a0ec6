"""Framework documents: validate, read and write them as JSON and XLSX (versioned data, not code).

A document (``format: qualitas-framework/1``) holds the code and version, names, the answer
scale, the level threshold and dimension floor, the five levels, the gating rules and the tree
of dimensions → indicators → requirements. The XLSX form has one sheet per part
(``framework``, ``scale``, ``levels``, ``gating``, ``dimensions``, ``indicators``,
``requirements``) so that an association can edit the official text in a spreadsheet.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from qualitas.core.errors import DomainError

FORMAT = "qualitas-framework/1"
DEFAULT_PATH = Path(__file__).resolve().parent / "frameworks" / "default-1.0.json"

FRAMEWORK_KEYS = (
    "format",
    "code",
    "version",
    "name_zh",
    "name_en",
    "description_zh",
    "description_en",
    "source",
    "threshold",
    "dimension_floor",
)
SHEETS: dict[str, tuple[str, ...]] = {
    "scale": ("code", "score", "label_zh", "label_en"),
    "levels": ("level", "code", "name_zh", "name_en", "description_zh", "description_en"),
    "gating": ("kind", "within_years", "cap", "requirement", "label_zh", "label_en"),
    "dimensions": ("code", "name_zh", "name_en", "weight", "description_zh", "description_en"),
    "indicators": ("dimension", "code", "name_zh", "name_en", "weight", "basis"),
    "requirements": (
        "indicator",
        "code",
        "level",
        "text_zh",
        "text_en",
        "guidance_zh",
        "guidance_en",
        "weight",
        "na_allowed",
    ),
}


class FrameworkDocumentError(DomainError):
    """A framework document that cannot be loaded; ``where`` names the part (e.g.
    ``requirements[12].level``) and is also the error's ``field``."""

    def __init__(self, message: Any, *, where: str = "", **params: Any) -> None:
        super().__init__(message, field=where or None, **params)
        self.where = where

    def __str__(self) -> str:
        text = super().__str__()
        return f"{self.where}: {text}" if self.where else text


def default_document() -> dict[str, Any]:
    """The framework the project ships (``frameworks/default-1.0.json``)."""
    doc: dict[str, Any] = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    return doc


def validate_document(doc: dict[str, Any]) -> dict[str, Any]:
    """Check a document's shape and values; return it unchanged or raise :class:`FrameworkDocumentError`."""
    if not isinstance(doc, dict):
        raise FrameworkDocumentError(_("the document must be a JSON object"))
    if doc.get("format") != FORMAT:
        raise FrameworkDocumentError(
            _("expected format %(format)s"), where="format", format=repr(FORMAT)
        )
    for key in ("code", "version", "name_zh"):
        if not str(doc.get(key) or "").strip():
            raise FrameworkDocumentError(_("required"), where=key)
    for key in ("threshold", "dimension_floor"):
        try:
            value = float(doc.get(key, 0.8 if key == "threshold" else 0.6))
        except (TypeError, ValueError):
            raise FrameworkDocumentError(_("must be a number"), where=key) from None
        if not 0 <= value <= 1:
            raise FrameworkDocumentError(_("must lie within 0 … 1"), where=key)
    scale = doc.get("scale") or []
    codes = {s.get("code") for s in scale}
    if not scale or not {"full", "none"} <= codes:
        raise FrameworkDocumentError(
            _("needs at least the answers 'full' and 'none'"), where="scale"
        )
    for i, s in enumerate(scale):
        if not 0 <= float(s.get("score", -1)) <= 1:
            raise FrameworkDocumentError(
                _("score must lie within 0 … 1"), where=f"scale[{i}].score"
            )
    for i, g in enumerate(doc.get("gating") or []):
        if int(g.get("cap", -1)) not in range(5) or int(g.get("within_years", 0)) < 1:
            raise FrameworkDocumentError(
                _("cap must be 0–4 and within_years ≥ 1"), where=f"gating[{i}]"
            )
    dims = doc.get("dimensions") or []
    if not dims:
        raise FrameworkDocumentError(_("no dimensions"), where="dimensions")
    seen: set[str] = set()
    for di, d in enumerate(dims):
        _code(d, f"dimensions[{di}]", seen)
        _weight(d, f"dimensions[{di}].weight")
        for ii, ind in enumerate(d.get("indicators") or []):
            _code(ind, f"dimensions[{di}].indicators[{ii}]", seen)
            _weight(ind, f"{d['code']}/{ind['code']}.weight")
            for ri, r in enumerate(ind.get("requirements") or []):
                where = f"{ind['code']}.requirements[{ri}]"
                _code(r, where, seen)
                if r.get("level") not in (1, 2, 3, 4, 5):
                    raise FrameworkDocumentError(_("level must be 1–5"), where=f"{where}.level")
                if not str(r.get("text_zh") or "").strip():
                    raise FrameworkDocumentError(
                        _("requirement text (Chinese) is required"), where=f"{where}.text_zh"
                    )
                _weight(r, f"{where}.weight")
    for i, g in enumerate(doc.get("gating") or []):
        if g.get("requirement") and str(g["requirement"]) not in seen:
            raise FrameworkDocumentError(
                _("unknown requirement %(code)s"),
                where=f"gating[{i}].requirement",
                code=repr(g["requirement"]),
            )
    return doc


def _code(part: dict[str, Any], where: str, seen: set[str]) -> None:
    code = str(part.get("code") or "").strip()
    if not code:
        raise FrameworkDocumentError(_("code is required"), where=where)
    if code in seen:
        raise FrameworkDocumentError(_("code %(code)s appears twice"), where=where, code=repr(code))
    if not str(part.get("name_zh") or part.get("text_zh") or "").strip():
        raise FrameworkDocumentError(_("Chinese name is required"), where=where)
    seen.add(code)


def _weight(part: dict[str, Any], where: str) -> None:
    try:
        ok = float(part.get("weight", 1)) > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise FrameworkDocumentError(_("weight must be a number > 0"), where=where)


def document_to_xlsx(doc: dict[str, Any]) -> bytes:
    """Write a document as an XLSX workbook, one sheet per part."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "framework"
    ws.append(["key", "value"])
    for key in FRAMEWORK_KEYS:
        ws.append([key, doc.get(key, "")])
    rows: dict[str, list[dict[str, Any]]] = {
        "scale": doc.get("scale", []),
        "levels": doc.get("levels", []),
        "gating": doc.get("gating", []),
        "dimensions": [],
        "indicators": [],
        "requirements": [],
    }
    for d in doc.get("dimensions", []):
        rows["dimensions"].append(d)
        for ind in d.get("indicators", []):
            rows["indicators"].append({**ind, "dimension": d["code"]})
            for r in ind.get("requirements", []):
                rows["requirements"].append({**r, "indicator": ind["code"]})
    for name, columns in SHEETS.items():
        sheet = wb.create_sheet(name)
        sheet.append(list(columns))
        for row in rows[name]:
            sheet.append([row.get(c, "") for c in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def document_from_xlsx(content: bytes) -> dict[str, Any]:
    """Read a workbook written by :func:`document_to_xlsx` (or edited from one) back into a document."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise FrameworkDocumentError(
            _("not a readable XLSX file (%(error)s)"), error=exc.__class__.__name__
        ) from None
    missing = [s for s in ("framework", *SHEETS) if s not in wb.sheetnames]
    if missing:
        raise FrameworkDocumentError(_("missing sheet(s): %(sheets)s"), sheets=", ".join(missing))

    def table(name: str) -> list[dict[str, Any]]:
        it = wb[name].iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(it, ())]
        out = []
        for n, row in enumerate(it, start=2):
            if row is None or all(v in (None, "") for v in row):
                continue
            rec = {h: v for h, v in zip(header, row, strict=False) if h}
            rec["_row"] = n
            out.append(rec)
        return out

    doc: dict[str, Any] = {}
    for rec in table("framework"):
        doc[str(rec.get("key"))] = rec.get("value")
    for key in ("threshold", "dimension_floor"):
        if doc.get(key) not in (None, ""):
            doc[key] = float(doc[key])
    doc["version"] = str(doc.get("version") or "")
    doc["scale"] = [{k: v for k, v in r.items() if k != "_row"} for r in table("scale")]
    doc["levels"] = [{k: v for k, v in r.items() if k != "_row"} for r in table("levels")]
    doc["gating"] = [{k: v for k, v in r.items() if k != "_row"} for r in table("gating")]
    dims: dict[str, dict[str, Any]] = {}
    for r in table("dimensions"):
        dims[str(r["code"])] = {
            k: (v if v is not None else "") for k, v in r.items() if k != "_row"
        } | {"indicators": []}
    inds: dict[str, dict[str, Any]] = {}
    for r in table("indicators"):
        dim = dims.get(str(r.get("dimension")))
        if dim is None:
            raise FrameworkDocumentError(
                _("unknown dimension %(code)s"),
                where=f"indicators row {r['_row']}",
                code=repr(r.get("dimension")),
            )
        ind: dict[str, Any] = {
            k: (v if v is not None else "") for k, v in r.items() if k not in ("_row", "dimension")
        } | {"requirements": []}
        inds[str(r["code"])] = ind
        dim["indicators"].append(ind)
    for r in table("requirements"):
        parent = inds.get(str(r.get("indicator")))
        if parent is None:
            raise FrameworkDocumentError(
                _("unknown indicator %(code)s"),
                where=f"requirements row {r['_row']}",
                code=repr(r.get("indicator")),
            )
        req = {
            k: (v if v is not None else "") for k, v in r.items() if k not in ("_row", "indicator")
        }
        try:
            req["level"] = int(req.get("level"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise FrameworkDocumentError(
                _("level must be 1–5"), where=f"requirements row {r['_row']}"
            ) from None
        req["na_allowed"] = str(req.get("na_allowed")).strip().lower() in ("true", "1", "yes")
        parent["requirements"].append(req)
    doc["dimensions"] = list(dims.values())
    return doc
