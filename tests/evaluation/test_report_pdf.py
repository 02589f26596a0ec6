"""The evaluation report as PDF (Chromium's print of the report page, charts drawn first)."""

from __future__ import annotations

import pytest

from tests.evaluation.conftest import submitted_assessment

pytestmark = pytest.mark.django_db

# The PDFs themselves (rendered and read page by page): test_report_pdf_pages.py.


def test_print_page_holds_the_charts_and_language(world, fw, client_for, monkeypatch):
    """What Chromium is given: the report page with plotly.js inlined and every chart's figure."""
    from qualitas.core import pdf as core_pdf

    seen: dict[str, str] = {}

    def fake(html: str, *, lang: str, timeout_s: int = 60) -> bytes:
        seen["html"], seen["lang"] = html, lang
        return b"%PDF-1.4 fake"

    monkeypatch.setattr(core_pdf, "print_pdf", fake)  # core.pdf.pdf_download prints
    a = submitted_assessment(world.users["enterprise"], upto=2)
    resp = client_for("enterprise").get(f"/evaluation/self/{a.pk}/report.pdf?lang=en")
    assert resp.content.startswith(b"%PDF")
    html = seen["html"]
    assert seen["lang"] == "en" and '<html lang="en" data-print="1">' in html
    assert "Plotly" in html and 'data-figure="fig-radar"' in html and 'id="fig-levels"' in html
    assert "Scores by dimension" in html and "Provisional level" in html
    resp = client_for("enterprise").get(f"/evaluation/self/{a.pk}/report.pdf?lang=zh-hans")
    assert seen["lang"] == "zh-hans" and "自评" in seen["html"]


def test_no_chromium_says_so(world, fw, client_for, monkeypatch):
    monkeypatch.setenv("QUALITAS_CHROMIUM", "/nonexistent/chromium")
    a = submitted_assessment(world.users["enterprise"], upto=2)
    c = client_for("enterprise")
    resp = c.get(f"/evaluation/self/{a.pk}/report.pdf", follow=True)
    assert resp.redirect_chain[-1][0] == f"/evaluation/self/{a.pk}/report/"
    assert "Chromium" in resp.content.decode()


def test_report_pdf_is_private(world, fw, client_for):
    a = submitted_assessment(world.users["enterprise"], upto=2)
    assert (
        client_for("other_enterprise").get(f"/evaluation/self/{a.pk}/report.pdf").status_code == 404
    )
    assert client_for("public").get(f"/evaluation/self/{a.pk}/report.pdf").status_code == 302


def test_busy_printer_says_so(world, fw, client_for, monkeypatch):
    """When every printing slot is taken the user is sent back with a message, not a hang."""
    import threading

    from qualitas.core import pdf

    monkeypatch.setattr(pdf, "_slots", threading.BoundedSemaphore(1))
    pdf._slots.acquire()
    real_acquire = pdf._slots.acquire
    monkeypatch.setattr(pdf._slots, "acquire", lambda timeout=None: real_acquire(timeout=0))
    monkeypatch.setattr(pdf, "chromium_path", lambda: "/usr/bin/chromium")
    a = submitted_assessment(world.users["enterprise"], upto=2)
    resp = client_for("enterprise").get(
        f"/evaluation/self/{a.pk}/report.pdf", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert resp.redirect_chain[-1][0] == f"/evaluation/self/{a.pk}/report/"
    assert "the PDF printer is busy" in resp.content.decode()
    resp = client_for("enterprise").get(
        f"/evaluation/self/{a.pk}/report.pdf", follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "PDF 导出繁忙" in resp.content.decode()
