"""PDF of a page through Chromium's print (Playwright ``page.pdf()``), as ARCHITECTURE.md decides."""

from __future__ import annotations

import os
import shutil


def _chromium() -> str:
    path = (
        os.environ.get("QUALITAS_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
        or "/usr/bin/chromium"
    )
    if not os.path.exists(path):
        raise RuntimeError(
            "Chromium is not installed: the PDF cannot be made / 未安装 Chromium，无法生成 PDF"
        )
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
