"""Framework versions: import (immutable once loaded), export as a document, the shipped default, the active one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qualitas.core.audit import audit_append
from qualitas.evaluation.choices import (
    FrameworkStatus,
)
from qualitas.evaluation.framework_io import FrameworkDocumentError, validate_document
from qualitas.evaluation.models import (
    Dimension,
    Framework,
    Indicator,
    Requirement,
)
from qualitas.evaluation.services._common import EvaluationError


def framework_import(*, actor: Any, document: dict[str, Any], activate: bool = True) -> Framework:
    """Load a framework version from a document. An existing (code, version) is refused: versions
    are immutable once loaded; publish a new version instead."""
    try:
        validate_document(document)
    except FrameworkDocumentError as exc:
        raise EvaluationError(str(exc), field=exc.where or "document") from None
    code, version = str(document["code"]), str(document["version"])
    if Framework.objects.filter(code=code, version=version).exists():
        raise EvaluationError(
            _(
                "framework %(code)s version %(version)s already exists: give the new text a new version"
            ),
            field="version",
            code=code,
            version=version,
        )
    with transaction.atomic():
        if activate:
            Framework.objects.filter(code=code, status=FrameworkStatus.ACTIVE).update(
                status=FrameworkStatus.RETIRED
            )
        spec = {
            k: document.get(k)
            for k in (
                "format",
                "description_zh",
                "description_en",
                "source",
                "scale",
                "levels",
                "gating",
            )
        }
        fw = Framework.objects.create(
            code=code,
            version=version,
            name_zh=document["name_zh"],
            name_en=document.get("name_en") or "",
            status=FrameworkStatus.ACTIVE if activate else FrameworkStatus.DRAFT,
            threshold=Decimal(str(document.get("threshold", 0.8))),
            dimension_floor=Decimal(str(document.get("dimension_floor", 0.6))),
            spec=spec,
        )
        reqs: list[Requirement] = []
        for di, d in enumerate(document["dimensions"]):
            dim = Dimension.objects.create(
                framework=fw,
                code=d["code"],
                name_zh=d["name_zh"],
                name_en=d.get("name_en") or "",
                order=di,
                description_zh=d.get("description_zh") or "",
                description_en=d.get("description_en") or "",
                weight=Decimal(str(d.get("weight", 1))),
            )
            for ii, i in enumerate(d.get("indicators") or []):
                ind = Indicator.objects.create(
                    dimension=dim,
                    code=i["code"],
                    name_zh=i["name_zh"],
                    name_en=i.get("name_en") or "",
                    basis=i.get("basis") or "",
                    weight=Decimal(str(i.get("weight", 1))),
                    order=ii,
                )
                for ri, r in enumerate(i.get("requirements") or []):
                    reqs.append(
                        Requirement(
                            indicator=ind,
                            framework=fw,
                            code=r["code"],
                            level=int(r["level"]),
                            text_zh=r["text_zh"],
                            text_en=r.get("text_en") or "",
                            guidance_zh=r.get("guidance_zh") or "",
                            guidance_en=r.get("guidance_en") or "",
                            weight=Decimal(str(r.get("weight", 1))),
                            na_allowed=bool(r.get("na_allowed")),
                            order=ri,
                        )
                    )
        Requirement.objects.bulk_create(reqs)
        audit_append(
            actor=actor,
            action="import",
            model="evaluation.framework",
            object_pk=fw.pk,
            changes={"code": code, "version": version, "requirements": len(reqs)},
        )
    return fw


def framework_document(framework: Framework) -> dict[str, Any]:
    """The document of a stored framework version (inverse of :func:`framework_import`)."""
    spec = framework.spec or {}
    doc: dict[str, Any] = {
        "format": spec.get("format") or "qualitas-framework/1",
        "code": framework.code,
        "version": framework.version,
        "name_zh": framework.name_zh,
        "name_en": framework.name_en,
        "description_zh": spec.get("description_zh") or "",
        "description_en": spec.get("description_en") or "",
        "source": spec.get("source") or "",
        "threshold": float(framework.threshold),
        "dimension_floor": float(framework.dimension_floor),
        "scale": spec.get("scale") or [],
        "levels": spec.get("levels") or [],
        "gating": spec.get("gating") or [],
        "dimensions": [],
    }
    reqs: dict[int, list[Requirement]] = {}
    for r in Requirement.objects.filter(framework=framework).order_by("level", "order"):
        reqs.setdefault(r.indicator_id, []).append(r)
    for d in framework.dimensions.order_by("order").prefetch_related("indicators"):
        dd: dict[str, Any] = {
            "code": d.code,
            "name_zh": d.name_zh,
            "name_en": d.name_en,
            "weight": float(d.weight),
            "description_zh": d.description_zh,
            "description_en": d.description_en,
            "indicators": [],
        }
        for i in d.indicators.order_by("order"):
            dd["indicators"].append(
                {
                    "code": i.code,
                    "name_zh": i.name_zh,
                    "name_en": i.name_en,
                    "weight": float(i.weight),
                    "basis": i.basis,
                    "requirements": [
                        {
                            "code": r.code,
                            "level": r.level,
                            "text_zh": r.text_zh,
                            "text_en": r.text_en,
                            "guidance_zh": r.guidance_zh,
                            "guidance_en": r.guidance_en,
                            "weight": float(r.weight),
                            "na_allowed": r.na_allowed,
                        }
                        for r in sorted(reqs.get(i.pk, []), key=lambda r: (r.order, r.level))
                    ],
                }
            )
        doc["dimensions"].append(dd)
    return doc


def framework_default_load() -> Framework | None:
    """Load the shipped default framework once (post_migrate); None when it is already there."""
    from qualitas.evaluation.framework_io import default_document

    doc = default_document()
    if Framework.objects.filter(code=doc["code"], version=doc["version"]).exists():
        return None
    return framework_import(
        actor="system",
        document=doc,
        activate=not Framework.objects.filter(
            code=doc["code"], status=FrameworkStatus.ACTIVE
        ).exists(),
    )


def framework_active() -> Framework:
    """The active framework version for new assessments and campaigns."""
    fw = Framework.objects.filter(status=FrameworkStatus.ACTIVE).order_by("-imported_at").first()
    if fw is None:
        raise EvaluationError(_("no active evaluation framework: import one"))
    return fw
