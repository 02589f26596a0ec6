"""The study report as its reader gets it (issue 11 item 8): the PDF's pages rendered
(pdftoppm) and read (pdftotext) in Chinese and in English — page count, headings, chart axis
titles and legends in the report's language, no repository path in the footer."""

from __future__ import annotations

import pytest

from tests.diagnosis.helpers import actor, make_characteristic, upload_dataset
from tests.pdfcheck import needs_pdf_tools, problems, rendered

pytestmark = [pytest.mark.django_db, needs_pdf_tools]

HEADINGS = {
    "zh-hans": ["问题诊断报告", "控制图"],
    "en": ["Problem diagnosis report", "Control chart"],
}


def _xbar_r_study(world):
    import numpy as np

    from qualitas.diagnosis.services import study_run

    values = np.random.default_rng(7).normal(10.0, 0.1, 125)
    text = "lot,diameter\n" + "".join(f"L{i // 5 + 1},{v:.4f}\n" for i, v in enumerate(values))
    ds = upload_dataset(world, text, "lots")
    return study_run(
        actor=actor(world.users["enterprise"]),
        kind="control_chart",
        enterprise_id=world.ent_a.pk,
        dataset=ds,
        options={"value_column": "diameter", "subgroup_column": "lot"},
        title="Line 3",
    )


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_control_chart_study_pdf(world, client_for, lang):
    study = _xbar_r_study(world)
    resp = client_for("enterprise").get(f"/diagnosis/studies/{study.pk}/report.pdf?lang={lang}")
    assert resp.status_code == 200, resp.content[:300]
    doc = rendered(resp.content, f"study-xbar-r-{lang}")
    typed = ("Line 3", "lots", "diameter", "lot", "ent")  # what the user typed or uploaded
    assert problems(doc, lang=lang, headings=HEADINGS[lang], pages=(1, 3), data=typed) == []
    # the axis titles and legend of the X̄ chart in the report's language
    if lang == "en":
        assert "Subgroup" in doc.text or "subgroup" in doc.text
    else:
        assert "子组" in doc.text and "中心线" in doc.flat


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_capability_study_pdf(world, client_for, lang):
    from qualitas.diagnosis.services import study_run

    ch = make_characteristic(world, n=100, name="外径")
    study = study_run(
        actor=actor(world.users["enterprise"]),
        kind="capability",
        enterprise_id=world.ent_a.pk,
        characteristic=ch,
        title="外径过程能力",
    )
    resp = client_for("enterprise").get(f"/diagnosis/studies/{study.pk}/report.pdf?lang={lang}")
    assert resp.status_code == 200, resp.content[:300]
    doc = rendered(resp.content, f"study-capability-{lang}")
    heading = "过程能力" if lang != "en" else "Process capability"
    typed = ("外径过程能力", "外径", "ent")  # the study's title, the characteristic, the user
    assert problems(doc, lang=lang, headings=[heading], pages=(1, 3), data=typed) == []
