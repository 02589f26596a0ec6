"""Self-contained HTML reports for ``qualitas analyze … --html FILE``.

plotly.js is read from the plotly wheel and inlined, so the file opens offline.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from qualitas.cli.common import jsonable


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    js: str = get_plotlyjs()  # plotly is untyped
    return js


def write_html_report(
    path: Path,
    *,
    title: str,
    figures: list[dict[str, Any]],
    summary: dict[str, Any] | None = None,
) -> None:
    """Write one HTML file with a title, an optional key/value summary table and the figures."""
    rows = ""
    if summary:
        rows = "".join(
            f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(json.dumps(jsonable(v), ensure_ascii=False))}</td></tr>"
            for k, v in summary.items()
        )
        rows = f"<table>{rows}</table>"
    divs = []
    for i, fig in enumerate(figures):
        payload = json.dumps(jsonable(fig), ensure_ascii=False).replace("</", "<\\/")
        divs.append(
            f'<div id="chart-{i}" class="chart"></div>'
            f"<script>(function(){{var f={payload};"
            f'Plotly.newPlot("chart-{i}", f.data, f.layout || {{}}, {{responsive: true}});}})();</script>'
        )
    document = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:"Noto Sans CJK SC",system-ui,sans-serif;margin:2rem;color:#1d2733}}
table{{border-collapse:collapse;margin:1rem 0}}th,td{{border:1px solid #ccd;padding:.25rem .6rem;text-align:left}}
th{{background:#f2f4f8}}.chart{{width:100%;height:420px;margin:1rem 0}}</style>
<script>{_plotly_js()}</script></head>
<body><h1>{html.escape(title)}</h1>{rows}{"".join(divs)}</body></html>
"""
    path.write_text(document, encoding="utf-8")
