"""The process audit report as its reader gets it (issue 20): a completed audit printed to PDF in
Chinese and in English, its pages rendered and read back — the class and its downgrade, the
finding; no report of an audit not yet completed, none for another enterprise."""

from __future__ import annotations

from datetime import date

import pytest

from qualitas.suppliers import services
from tests.pdfcheck import needs_pdf_tools, problems, rendered
from tests.suppliers.factories import customer_actor, supplier_with_part

pytestmark = pytest.mark.django_db

HEADINGS = {
    "zh-hans": ["过程审核报告", "审核结果", "有条件具备质量能力"],
    "en": ["Process audit report", "Audit result", "Conditionally quality capable"],
}


def _completed_audit(world):
    actor = customer_actor(world)
    part = supplier_with_part(world)
    a = services.audit_plan(
        actor=actor, supplier=part.supplier, planned_on=date(2026, 5, 1), lead_auditor="李审核"
    )
    numbers = list(a.answers.values_list("question__number", flat=True))
    answers = {n: {"scores": "10"} for n in numbers}
    answers["6.2.3"] = {"scores": "4", "finding": "未监控"}
    services.audit_record(actor=actor, audit_obj=a, answers=answers)
    return services.audit_complete(actor=actor, audit_obj=a, performed_on=date(2026, 5, 2))


@needs_pdf_tools
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_completed_audit_report_pdf(world, client_for, lang):
    a = _completed_audit(world)
    page = client_for("enterprise").get(f"/suppliers/audits/{a.pk}/").content.decode()
    assert f'href="/suppliers/audits/{a.pk}/report.pdf"' in page
    resp = client_for("enterprise").get(f"/suppliers/audits/{a.pk}/report.pdf?lang={lang}")
    assert resp.status_code == 200, resp.content[:300]
    assert resp["Content-Disposition"].endswith(f'-{lang}.pdf"')
    doc = rendered(resp.content, f"supplier-audit-{lang}")
    typed = ("李审核", "未监控", "S-001", "电芯壳体")  # what the customer typed
    names = tuple(world.ent_a.name_zh.split()) + tuple(world.ent_b.name_zh.split())
    assert problems(doc, lang=lang, headings=HEADINGS[lang], pages=(1, 4), data=typed + names) == []
    assert "未监控" in doc.flat and "6.2.3" in doc.text
    assert "99.0" in doc.text  # E_G, class B by the downgrade


def test_no_report_before_completion_nor_for_another_enterprise(world, client_for):
    a = _completed_audit(world)
    assert (
        client_for("other_enterprise").get(f"/suppliers/audits/{a.pk}/report.pdf").status_code
        == 404
    )
    planned = services.audit_plan(
        actor=customer_actor(world),
        supplier=a.supplier,
        planned_on=date(2026, 6, 1),
        lead_auditor="李",
    )
    page = client_for("enterprise").get(f"/suppliers/audits/{planned.pk}/").content.decode()
    assert "report.pdf" not in page
    assert (
        client_for("enterprise").get(f"/suppliers/audits/{planned.pk}/report.pdf").status_code
        == 404
    )
