"""Assemble docs/analytics.md from the per-family pages in docs/analytics/ (run after editing them)."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
ORDER = ["spc", "capability", "msa", "sampling", "reliability"]

HEAD = """# Analytics — `qualitas.analytics` and `qualitas analyze`

Every analysis, option, convention and JSON key. The package is pure computation (numpy, scipy,
pandas, statsmodels; no Django): functions take keyword-only options and return frozen
dataclasses; invalid input raises `qualitas.analytics.errors.AnalyticsError` (and subclasses)
with a message naming the input and row; statistical caveats are `StatisticalWarning`s.

The command line: `qualitas analyze KIND FILE [options]` reads CSV or XLSX with named columns;
default output is a table, `--json` prints one JSON object, `--html FILE` writes a
self-contained report with the Plotly charts. Bad input exits with status 2 and one line.

This file is assembled from `docs/analytics/*.md` by `scripts/docs_analytics.py`.

"""


def main() -> None:
    parts = [HEAD]
    for name in ORDER:
        text = (DOCS / "analytics" / f"{name}.md").read_text(encoding="utf-8").strip()
        # demote each family's headings by one level under this page's title
        lines = [("#" + line) if line.startswith("#") else line for line in text.splitlines()]
        parts.append("\n".join(lines) + "\n")
    (DOCS / "analytics.md").write_text("\n".join(parts), encoding="utf-8")
    print("wrote docs/analytics.md")


if __name__ == "__main__":
    main()
