"""Self-contained HTML reports for ``qualitas analyze … --html FILE``.

plotly.js is read from the plotly wheel and inlined, so the file opens offline. The report is
in the CLI's language: the chart builders write English labels (``core/chart_labels.py`` lists
them); :func:`translate_figure` translates them with the CLI's catalogue, as ``charts.js`` does
on a page.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from qualitas.cli.common import jsonable
from qualitas.cli.i18n import current_language, gettext


def _label(text: Any) -> Any:
    if not isinstance(text, str) or not text:
        return text
    return " — ".join(gettext(part) for part in text.split(" — "))


def _title(obj: Any) -> None:
    if not isinstance(obj, dict):
        return
    title = obj.get("title")
    if isinstance(title, str):
        obj["title"] = _label(title)
    elif isinstance(title, dict) and isinstance(title.get("text"), str):
        title["text"] = _label(title["text"])


def translate_figure(fig: dict[str, Any]) -> dict[str, Any]:
    """Trace names, titles, axis titles, tick texts and annotations in the CLI's language."""
    for trace in fig.get("data", []):
        if isinstance(trace.get("name"), str):
            trace["name"] = _label(trace["name"])
    layout = fig.get("layout") or {}
    _title(layout)
    for key, axis in layout.items():
        if key[:5] in ("xaxis", "yaxis") and isinstance(axis, dict):
            _title(axis)
            if isinstance(axis.get("ticktext"), list):
                axis["ticktext"] = [_label(t) for t in axis["ticktext"]]
    _title(layout.get("legend"))
    for note in layout.get("annotations", []):
        if isinstance(note.get("text"), str):
            note["text"] = _label(note["text"])
    return fig


def _charts_js() -> str:
    """core/charts.js, inlined after plotly.js: on a Chinese report it registers plotly's zh-CN
    locale (toolbar, month names of date axes) as the default of every plot."""
    path = Path(__file__).resolve().parent.parent / "core" / "static" / "core" / "charts.js"
    return path.read_text(encoding="utf-8").replace("</", "<\\/")


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
        payload = json.dumps(translate_figure(jsonable(fig)), ensure_ascii=False).replace(
            "</", "<\\/"
        )
        divs.append(
            f'<div id="chart-{i}" class="chart"></div>'
            f"<script>(function(){{var f={payload};"
            f'Plotly.newPlot("chart-{i}", f.data, f.layout || {{}}, {{responsive: true}});}})();</script>'
        )
    document = f"""<!doctype html>
<html lang="{"zh-Hans" if current_language() == "zh-hans" else "en"}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:"Noto Sans CJK SC",system-ui,sans-serif;margin:2rem;color:#1d2733}}
table{{border-collapse:collapse;margin:1rem 0}}th,td{{border:1px solid #ccd;padding:.25rem .6rem;text-align:left}}
th{{background:#f2f4f8}}.chart{{width:100%;height:420px;margin:1rem 0}}</style>
<script>{_plotly_js()}</script><script>{_charts_js()}</script></head>
<body><h1>{html.escape(title)}</h1>{rows}{"".join(divs)}</body></html>
"""
    path.write_text(document, encoding="utf-8")
