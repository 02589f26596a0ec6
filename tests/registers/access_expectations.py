"""What every role gets from each register page and API endpoint (read by
tests/core/test_access_matrix.py). The world gets one published laboratory in Hangzhou kept by
Zhejiang's officer."""

from __future__ import annotations

from typing import Any

from tests.registry.access_expectations import only

OFFICERS = ("authority", "admin")


def kwargs(world: Any) -> dict[str, Any]:
    from qualitas.registers.models import Laboratory
    from tests.registers.factories import make_lab

    lab = Laboratory.objects.filter(code="ACC-LAB").first() or make_lab(world, code="ACC-LAB")
    return {"lab_pk": lab.pk}


PAGES = {
    "registers:laboratories": 200,
    "registers:laboratory": 200,
    "registers:lab_desk": only(OFFICERS, other=404, public=302),
    "registers:lab_new": only(OFFICERS, other=404, public=302),
    "registers:lab_edit": only(OFFICERS, other=404, public=302),
}

API = {
    "GET /api/registers/laboratories": 200,
    "GET /api/registers/laboratories/{lab_pk}": 200,
}
