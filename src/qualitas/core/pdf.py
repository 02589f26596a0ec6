"""Every PDF of the platform, one way: a page rendered by Django on ``core/print.html`` and
printed by headless Chromium (Playwright's ``page.pdf()``; docs/decisions/0006 and 0150).

A report template extends ``core/print.html``, which inlines the stylesheets (``qualitas.css``
and the print rules of ``core/print.css``), plotly.js, the chart label dictionary of the
report's language and ``charts.js`` — so the file needs no server, no session and no network.
:func:`render_print_page` renders such a template in the report's language; :func:`print_pdf`
prints it:

- the page is laid out at the printable width of A4 in print media *before* the charts are
  drawn, so Plotly sizes every chart for the paper (nothing cut at the right edge) and the
  print rules (no collapsed lists, no links, no buttons) hold while it draws;
- it waits until every chart has been drawn (``[data-figure][data-drawn]``);
- each page gets a footer: the platform's name, the date of printing (Asia/Shanghai) and
  "page n of m", in the report's language.

At most ``CONCURRENT`` PDFs print at once (each runs a Chromium); a request waits up to 30 s
for a slot, then is told the printer is busy. Where Chromium is missing, :class:`PdfError`
says so and the page that offered the PDF shows the message.
"""

from __future__ import annotations

import html as html_lib
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitas.core.errors import DomainError

CONCURRENT = 2
WAIT_FOR_SLOT_S = 30
_slots = threading.BoundedSemaphore(CONCURRENT)

# A4 with the margins below; the page is laid out at the printable width (CSS px at 96 dpi) so
# that charts drawn before printing are exactly as wide as the paper allows.
PAGE = "A4"
MARGIN_MM = {"top": 14, "bottom": 16, "left": 12, "right": 12}
PRINT_WIDTH_PX = round((210 - MARGIN_MM["left"] - MARGIN_MM["right"]) / 25.4 * 96)

# every figure container whose figure is not null has been drawn by charts.js
_ALL_DRAWN = """() => Array.from(document.querySelectorAll('[data-figure]')).filter(el => {
  const s = document.getElementById(el.dataset.figure);
  return s && s.textContent.trim() !== 'null';
}).every(el => el.dataset.drawn)"""


class PdfError(DomainError, RuntimeError):
    """The PDF cannot be made now (no Chromium, the printer busy, printing failed); the message
    is rendered in the language of whoever reads it (printing runs in another thread)."""


def chromium_path() -> str | None:
    """Debian's chromium (``QUALITAS_CHROMIUM`` overrides), or None."""
    path = os.environ.get("QUALITAS_CHROMIUM") or next(
        (p for n in ("chromium", "chromium-browser") if (p := shutil.which(n))), None
    )
    return path if path and os.path.exists(path) else None


@cache
def _static_text(name: str) -> str:
    found = finders.find(name)
    if not found or isinstance(found, list):
        raise PdfError(_("static file %(name)s not found"), name=name)
    return Path(found).read_text(encoding="utf-8")


def print_assets(
    *, charts: bool = True, css: tuple[str, ...] = (), inline: bool = True
) -> dict[str, Any]:
    """What ``core/print.html`` needs: the stylesheets (the platform's, the app's ``css``, then
    the print rules) and, for a report with charts, plotly.js and charts.js — inlined for
    Chromium, linked (``inline=False``) for the same page served over HTTP, whose CSP refuses
    inline scripts."""
    sheets = ("core/qualitas.css", *css, "core/print.css")
    if not inline:
        return {"print_sheets": sheets, "chart_scripts": charts}
    out = {"print_css": "\n".join(_static_text(s) for s in sheets)}
    if charts:
        out["plotly_js"] = _static_text("core/plotly.min.js")
        # a "</script>" inside the inlined script would end it early
        out["charts_js"] = _static_text("core/charts.js").replace("</", "<\\/")
    return out


def pdf_language(request: Any) -> str:
    """The report's language: ``?lang=`` (``en`` or Chinese), else the reader's."""
    lang = request.GET.get("lang") or translation.get_language() or "zh-hans"
    return "en" if lang.startswith("en") else "zh-hans"


def render_print_page(
    template: str,
    context: dict[str, Any],
    *,
    request: Any,
    lang: str,
    charts: bool = True,
    css: tuple[str, ...] = (),
    inline: bool = True,
) -> str:
    """A template extending ``core/print.html``, rendered in ``lang``: everything inlined (for
    :func:`print_pdf`) or, with ``inline=False``, linked (the same page in a browser)."""
    from qualitas.core.chart_labels import labels_for_language

    with translation.override(lang):
        ctx = {
            **context,
            **print_assets(charts=charts, css=css, inline=inline),
            "chart_labels": labels_for_language(),
            "lang": lang,
            "print": True,
        }
        return render_to_string(template, ctx, request=request)


def pdf_download(
    request: Any,
    template: str,
    context: dict[str, Any],
    *,
    lang: str,
    filename: str,
    back: str,
    charts: bool = True,
    css: tuple[str, ...] = (),
) -> HttpResponse:
    """A print page as a PDF attachment ``<filename>-<lang>.pdf``; when it cannot be made
    (:class:`PdfError`), back to the URL ``back`` with the reason as a message."""
    from django.contrib import messages
    from django.shortcuts import redirect

    html = render_print_page(template, context, request=request, lang=lang, charts=charts, css=css)
    try:
        data = print_pdf(html, lang=lang)
    except PdfError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    resp = HttpResponse(data, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{filename}-{lang}.pdf"'
    return resp


def _footer(lang: str) -> str:
    """Chromium's footer template: platform, date of printing, page n of m (its own small
    document: fonts and sizes must be given, the page's stylesheet does not reach it)."""
    with translation.override(lang):
        name = gettext("Qualitas quality platform")
        today = timezone.localdate().isoformat()
        page = gettext("page %(n)s of %(m)s") % {
            "n": '<span class="pageNumber"></span>',
            "m": '<span class="totalPages"></span>',
        }
    return (
        '<div style="width:100%;margin:0 12mm;font-size:8px;color:#5a6472;'
        "font-family:&quot;Noto Sans CJK SC&quot;,&quot;Noto Sans&quot;,sans-serif;"
        'display:flex;justify-content:space-between">'
        f"<span>{html_lib.escape(name)} · {today}</span><span>{page}</span></div>"
    )


def print_pdf(html: str, *, lang: str, timeout_s: int = 60) -> bytes:
    """Print a page rendered by :func:`render_print_page` to an A4 PDF, charts drawn first.

    Runs in its own thread: Playwright's sync API refuses to start inside a running event loop
    (an ASGI server, or another Playwright session in the same thread).
    """
    path = chromium_path()
    if path is None:
        raise PdfError(_("Chromium is not installed: the PDF cannot be made"))
    if not _slots.acquire(timeout=WAIT_FOR_SLOT_S):
        raise PdfError(_("the PDF printer is busy, try again in a minute"))
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(
                _print, html=html, lang=lang, path=path, timeout_s=timeout_s, footer=_footer(lang)
            )
            return future.result(timeout=timeout_s * 2)
    finally:
        _slots.release()


def _print(*, html: str, lang: str, path: str, timeout_s: int, footer: str) -> bytes:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=path,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            try:
                page = browser.new_page(
                    locale="en-US" if lang == "en" else "zh-CN",
                    timezone_id="Asia/Shanghai",
                    viewport={"width": PRINT_WIDTH_PX, "height": 1100},
                )
                page.emulate_media(media="print")
                page.set_content(html, wait_until="load", timeout=timeout_s * 1000)
                page.wait_for_function(_ALL_DRAWN, timeout=timeout_s * 1000)
                pdf: bytes = page.pdf(
                    format=PAGE,
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer,
                    margin={
                        "top": f"{MARGIN_MM['top']}mm",
                        "bottom": f"{MARGIN_MM['bottom']}mm",
                        "left": f"{MARGIN_MM['left']}mm",
                        "right": f"{MARGIN_MM['right']}mm",
                    },
                )
                return pdf
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise PdfError(_("printing the PDF failed: %(error)s"), error=str(exc)) from exc
