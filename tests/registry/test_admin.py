"""The admin site for operators: code lists read-only, institution changes audited."""

from __future__ import annotations

import pytest

from qualitas.core.models import AuditEntry
from qualitas.registry.models import Institution

pytestmark = pytest.mark.django_db


def test_institution_created_and_changed_in_admin_is_audited(world, client_for):
    admin = client_for("admin")
    r = admin.post(
        "/admin/registry/institution/add/",
        {
            "kind": "laboratory",
            "name_zh": "测试实验室",
            "name_en": "Test Lab",
            "credit_code": "",
            "region": "330100",
        },
    )
    assert r.status_code == 302, r.content[:500]
    inst = Institution.objects.get(name_zh="测试实验室")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.model, entry.object_pk, entry.actor) == (
        "create",
        "registry.institution",
        str(inst.pk),
        "root",
    )
    r = admin.post(
        f"/admin/registry/institution/{inst.pk}/change/",
        {
            "kind": "laboratory",
            "name_zh": "测试实验室二",
            "name_en": "Test Lab",
            "credit_code": "",
            "region": "330100",
        },
    )
    assert r.status_code == 302
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "update" and entry.changes == {"name_zh": ["测试实验室", "测试实验室二"]}
    assert admin.get(f"/admin/registry/institution/{inst.pk}/delete/").status_code == 403


def test_code_lists_are_read_only_in_admin(world, client_for):
    admin = client_for("admin")
    assert admin.get("/admin/registry/region/330100/change/").status_code == 200  # view only
    r = admin.post(
        "/admin/registry/region/330100/change/",
        {"code": "330100", "name_zh": "改名", "level": "prefecture"},
    )
    assert r.status_code == 403
    assert admin.get("/admin/registry/industry/add/").status_code == 403


def test_role_and_scope_changes_in_admin_are_audited(world, client_for):
    officer = world.users["authority"].profile
    admin = client_for("admin")
    r = admin.post(
        f"/admin/core/profile/{officer.pk}/change/",
        {
            "user": officer.user_id,
            "role": "authority",
            "enterprise": "",
            "institution": "",
            "regions": ["330000", "440000"],
        },
    )
    assert r.status_code == 302, r.content[:800]
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.model == "core.profile" and entry.changes == {
        "regions": [["330000"], ["330000", "440000"]]
    }
