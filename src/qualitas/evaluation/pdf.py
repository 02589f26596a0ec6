"""PDF of a page through Chromium's print (Playwright ``page.pdf()``), as ARCHITECTURE.md decides."""

from __future__ import annotations

import os
import shutil
import threading

from django.utils.translation import gettext_lazy as _

from qualitas.core.errors import DomainError

# At most this many report PDFs print at once (each starts a Chromium); others wait up to 30 s.
CONCURRENT_REPORTS = 2
_report_slots = threading.BoundedSemaphore(CONCURRENT_REPORTS)


class PdfError(DomainError, RuntimeError):
    """The PDF cannot be made now (no Chromium, the printer busy, printing failed); the message
    is rendered in the language of whoever reads it (the printing runs in another thread)."""


def _chromium() -> str:
    path = (
        os.environ.get("QUALITAS_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
        or "/usr/bin/chromium"
    )
    if not os.path.exists(path):
        raise PdfError(_("Chromium is not installed: the PDF cannot be made"))
    return path


def certificate_pdf_bytes(*, html: str, base_url: str) -> bytes:
    """Print an HTML document (its static files fetched from ``base_url``) to an A4 PDF.

    Runs in its own thread: Playwright's sync API refuses to start inside a running event
    loop (an ASGI server, or another Playwright session in the same thread).
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html=html, base_url=base_url).result(timeout=120)


def _print(*, html: str, base_url: str) -> bytes:
    from playwright.sync_api import sync_playwright

    html = html.replace("<head>", f'<head><base href="{base_url}">', 1)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.set_content(html, wait_until="load")
            return page.pdf(
                format="A4",
                print_background=True,
                margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"},
            )
        finally:
            browser.close()


# A figure container counts once its Plotly figure is drawn; one whose json_script holds null is
# never drawn (charts.js skips nothing, so such containers are left out of the wait).
_ALL_DRAWN = """() => Array.from(document.querySelectorAll('[data-figure]')).filter(el => {
  const s = document.getElementById(el.dataset.figure);
  return s && s.textContent.trim() !== 'null';
}).every(el => el.dataset.drawn)"""


def report_pdf_bytes(*, html: str, lang: str, timeout_s: int = 60) -> bytes:
    """Print a self-contained report page (plotly.js and charts.js inlined) to an A4 PDF.

    Waits until every Plotly chart has been drawn (``[data-figure][data-drawn]``) before
    printing, as ``diagnosis/report.py`` does. Its own thread, like ``certificate_pdf_bytes``.
    Raises RuntimeError when Chromium is missing or printing fails.
    """
    from concurrent.futures import ThreadPoolExecutor

    path = _chromium()
    if not _report_slots.acquire(timeout=30):
        raise PdfError(_("the PDF printer is busy, try again in a minute"))
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(
                _print_report, html=html, lang=lang, path=path, timeout_s=timeout_s
            ).result(timeout=timeout_s * 2)
    finally:
        _report_slots.release()


def _print_report(*, html: str, lang: str, path: str, timeout_s: int) -> bytes:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=path,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            try:
                page = browser.new_page(locale="en-US" if lang == "en" else "zh-CN")
                page.set_content(html, wait_until="load", timeout=timeout_s * 1000)
                page.wait_for_function(_ALL_DRAWN, timeout=timeout_s * 1000)
                return page.pdf(
                    format="A4",
                    print_background=True,
                    margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"},
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise PdfError(_("printing the PDF failed: %(error)s"), error=str(exc)) from exc
