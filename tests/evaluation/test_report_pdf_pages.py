"""The evaluation PDFs as their reader gets them (issue 11 item 8): self-assessment report,
result report and certificate, each in Chinese and English, rendered (pdftoppm) and read
(pdftotext): page count, headings, no text of the other language, no repository path, the
collapsed "▼ n more requirements" list printed in full, no nearly empty page."""

from __future__ import annotations

import pytest

from tests.evaluation.conftest import publish, submitted_assessment
from tests.pdfcheck import needs_pdf_tools, problems, rendered

pytestmark = [pytest.mark.django_db, needs_pdf_tools]

REPORT_HEADINGS = {
    "zh-hans": ["各维度得分", "各等级得分", "指标"],
    "en": ["Scores by dimension", "Level scores", "Indicators"],
}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_self_assessment_pdf(world, fw, client_for, lang):
    a = submitted_assessment(world.users["enterprise"], upto=2)
    c = client_for("enterprise")
    page = c.get(f"/evaluation/self/{a.pk}/report/").content.decode()
    assert f"/evaluation/self/{a.pk}/report.pdf?lang={lang}" in page
    resp = c.get(f"/evaluation/self/{a.pk}/report.pdf?lang={lang}")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    doc = rendered(resp.content, f"self-assessment-{lang}")
    assert problems(doc, lang=lang, headings=REPORT_HEADINGS[lang], pages=(2, 8)) == []


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_result_pdf(world, onsite, client_for, lang):
    r = publish(world, onsite, upto=2)
    c = client_for("reviewer")
    page = c.get(f"/evaluation/results/{r.pk}/").content.decode()
    assert f"/evaluation/results/{r.pk}/report.pdf?lang={lang}" in page
    resp = c.get(f"/evaluation/results/{r.pk}/report.pdf?lang={lang}")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    doc = rendered(resp.content, f"result-{lang}")
    assert problems(doc, lang=lang, headings=REPORT_HEADINGS[lang], pages=(2, 8)) == []


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_certificate_pdf(world, onsite, client_for, lang):
    r = publish(world, onsite, upto=2)
    resp = client_for("reviewer").get(f"/evaluation/results/{r.pk}/certificate.pdf?lang={lang}")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    doc = rendered(resp.content, f"certificate-{lang}")
    heading = (
        "质量管理能力等级证书" if lang != "en" else "Certificate of quality management capability"
    )
    # the certificate carries both registered names of the enterprise and the verification URL
    names = (
        r.enterprise.name_zh,
        r.enterprise.name_en,
        f"http://testserver/verify/{r.certificate_code}/",
    )
    assert (
        problems(doc, lang=lang, headings=[heading, r.certificate_code], pages=(1, 1), data=names)
        == []
    )
