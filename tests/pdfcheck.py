"""Read a PDF the way its reader does: pages rendered to PNG (``pdftoppm``) and text extracted
(``pdftotext``, poppler-utils; scripts/system-deps.sh installs it).

``rendered(data, name)`` writes the pages to ``test-artifacts/pdf/<name>/page-N.png`` (kept after
the run, to be opened and looked at) and returns the page count and the text of each page.
``problems(...)`` lists what a reader of the report would object to: too few or too many pages,
a missing heading, words of the other language, a repository path, a collapsed-list marker, an
empty page, a page without the footer (platform, page n of m). Tests assert that list is empty, so a failure names every problem at once.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "pdf"

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_./-])[A-Za-z][A-Za-z]+(?:[-'][A-Za-z]+)*")
# Words that are the same in a Chinese report: the platform's name, standards and their bodies,
# statistical symbols and abbreviations that Chinese texts (GB/T 3358, GB/T 17989) also use.
ZH_ALLOWED = frozenset(
    {
        "Qualitas",
        "GB",
        "ISO",
        "IEC",
        "AIAG",
        "MSA",
        "AQL",
        "Ac",
        "Re",
        "Cp",
        "Cpk",
        "Pp",
        "Ppk",
        "Cpm",
        "CL",
        "UCL",
        "LCL",
        "USL",
        "LSL",
        "MR",
        "EWMA",
        "CUSUM",
        "MTBF",
        "MTTF",
        "ndc",
        "PPM",
        "ppm",
        "mm",
        "QR",
        # names of tests and rules, kept in Chinese texts: Anderson–Darling 检验, Nelson 准则
        "Anderson",
        "Darling",
        "Nelson",
    }
)
# upper-case abbreviations (ERP, LIMS, KPI, QC) stand in Chinese text as they are
ACRONYM = re.compile(r"^[A-Z]{2,6}(?:-[A-Z0-9]+)*$")
# Text that must not reach a reader: paths of the repository (docs/…, src/…) and the marker of
# an HTML <details> list left collapsed.
REPO_PATH = re.compile(r"\b(?:docs|src|tests|scripts)/[\w./-]+|\.md\b|\.py\b")
MARKERS = ("▼", "▶", "►")
# the footer Chromium prints on every page (core/pdf.py)
FOOTER_EN = ("Qualitas quality platform", "page {i} of {n}")
FOOTER_ZH = ("Qualitas 质量公共服务平台", "第 {i} 页，共 {n} 页")

needs_pdf_tools = pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="chromium and poppler-utils (pdftoppm, pdftotext) are needed: scripts/system-deps.sh",
)


@dataclass
class Rendered:
    name: str
    pages: list[str]  # the text of each page
    images: list[Path] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """The whole text with white space removed (pdftotext breaks lines inside headings)."""
        return re.sub(r"\s+", "", self.text)


def rendered(data: bytes, name: str, *, dpi: int = 50) -> Rendered:
    """Render every page of ``data`` to PNG under test-artifacts/pdf/<name>/ and read its text."""
    assert data[:5] == b"%PDF-", f"{name}: not a PDF: {data[:80]!r}"
    out = ARTIFACTS / name
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(data)
        (out / "doc.pdf").write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), str(src), str(out / "page")],
            check=True,
            timeout=120,
        )
        text = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(src), "-"],
            check=True,
            timeout=60,
            capture_output=True,
        ).stdout.decode("utf-8")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    images = sorted(out.glob("page-*.png"))
    assert len(images) == len(pages), f"{name}: {len(images)} images for {len(pages)} pages"
    return Rendered(name=name, pages=pages, images=images)


def foreign_words(doc: Rendered, *, lang: str, data: tuple[str, ...] = ()) -> list[str]:
    """Words of the other language: CJK characters in an English report, Latin words (other
    than symbols and standards both languages write alike) in a Chinese one. ``data`` are
    values users entered or the law fixes (an enterprise's registered names, a URL), printed
    as they are in either language; they are left out of the check."""
    text = re.sub(r"\s+", " ", doc.text)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    if lang.startswith("en"):
        return sorted(set(CJK.findall(text)))
    return sorted(
        w for w in set(LATIN_WORD.findall(text)) if w not in ZH_ALLOWED and not ACRONYM.match(w)
    )


def problems(
    doc: Rendered,
    *,
    lang: str,
    headings: list[str],
    pages: tuple[int, int],
    data: tuple[str, ...] = (),
) -> list[str]:
    """Everything wrong with a rendered report, one line each (empty: nothing to object to)."""
    found: list[str] = []
    lo, hi = pages
    if not lo <= len(doc.pages) <= hi:
        found.append(f"{len(doc.pages)} pages, expected {lo}–{hi}")
    for heading in headings:
        if re.sub(r"\s+", "", heading) not in doc.flat:
            found.append(f"heading missing: {heading!r}")
    foreign = foreign_words(doc, lang=lang, data=data)
    if foreign:
        found.append(f"text of the other language: {foreign[:30]}")
    paths = REPO_PATH.findall(doc.text)
    if paths:
        found.append(f"repository paths: {paths}")
    for marker in MARKERS:
        if marker in doc.text:
            found.append(f"collapsed-list marker {marker!r} printed")
    n = len(doc.pages)
    for i, page in enumerate(doc.pages, 1):
        # a page with only its footer (platform, date, page number) on it
        if len(re.sub(r"\s+", "", page)) < 60:
            found.append(f"page {i} is nearly empty: {page.strip()[:80]!r}")
        # every page's footer: the platform's name and "page i of n" in the report's language
        footer = FOOTER_EN if lang.startswith("en") else FOOTER_ZH
        name, number = footer[0], footer[1].format(i=i, n=n)
        flat = re.sub(r"\s+", "", page)
        if re.sub(r"\s+", "", name) not in flat or re.sub(r"\s+", "", number) not in flat:
            found.append(f"page {i}: footer without {name!r} and {number!r}")
    return found
