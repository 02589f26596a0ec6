"""Load the shipped code lists (regions, industries) into the database, idempotently."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from qualitas.registry.choices import IndustryLevel, RegionLevel
from qualitas.registry.models import Industry, Region


def codelists_sync(**_: Any) -> dict[str, int]:
    """Insert or update every region and industry from ``qualitas/data``; returns counts written.

    Called after ``migrate`` (post_migrate), so every database, the test databases included,
    carries the same code lists. Unchanged rows are not written again.
    """
    from qualitas.registry import codes

    written = {"regions": 0, "industries": 0}
    with transaction.atomic():
        existing = {r.code: r for r in Region.objects.all()}
        for item in sorted(codes.regions(), key=lambda r: (r.level != "province", r.code)):
            values = {
                "name_zh": item.name_zh,
                "name_en": item.name_en,
                "level": RegionLevel.PROVINCE
                if item.level == "province"
                else RegionLevel.PREFECTURE,
                "parent_id": item.parent_code or None,
                "kind": getattr(item, "type", "") or "",
            }
            row = existing.get(item.code)
            if row is None or any(getattr(row, k) != v for k, v in values.items()):
                Region.objects.update_or_create(code=item.code, defaults=values)
                written["regions"] += 1
        existing_i = {i.code: i for i in Industry.objects.all()}
        for entry in sorted(codes.industries(), key=lambda i: (len(i.code), i.code)):
            values = {
                "name_zh": entry.name_zh,
                "name_en": entry.name_en,
                "level": IndustryLevel(entry.level),
                "parent_id": entry.parent_code or None,
            }
            industry = existing_i.get(entry.code)
            if industry is None or any(getattr(industry, k) != v for k, v in values.items()):
                Industry.objects.update_or_create(code=entry.code, defaults=values)
                written["industries"] += 1
    return written
