"""The study form (issue 11 item 10): first the study and its source, then only the fields of
that analysis, with the columns picked from the data set."""

from __future__ import annotations

import re

import pytest

from tests.diagnosis.helpers import make_characteristic, upload_dataset

pytestmark = pytest.mark.django_db

NEW = "/diagnosis/studies/new/"


def _fields(page: str) -> set[str]:
    start = page.index('data-testid="step')
    form = page[start : page.index("</form>", start)]
    return set(re.findall(r'<(?:input|select|textarea)[^>]*name="([^"]+)"', form)) - {
        "csrfmiddlewaretoken"
    }


def test_step_one_asks_only_for_the_study_and_its_source(world, client_for):
    page = client_for("enterprise").get(NEW, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="step1"' in page and 'method="get"' in page
    assert _fields(page) == {"kind", "characteristic", "dataset"}
    assert "选择选项" in page


def test_control_chart_on_a_data_set_offers_its_columns_and_nothing_of_sampling(world, client_for):
    ds = upload_dataset(world, "lot,diameter,operator\nL1,10.01,A\nL1,10.02,B\n", "lots")
    c = client_for("enterprise")
    page = c.get(f"{NEW}?kind=control_chart&dataset={ds.pk}").content.decode()
    fields = _fields(page)
    assert {
        "chart_type",
        "value_column",
        "subgroup_column",
        "count_column",
        "size_column",
    } <= fields
    assert not {"lot_size", "aql", "level", "inspection", "method", "last", "part_column"} & fields
    # the column fields are lists of the data set's columns
    select = re.search(r'<select name="subgroup_column".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "lot", "diameter", "operator"]
    assert f'name="dataset" value="{ds.pk}"' in page and 'type="hidden"' in page
    change = re.search(r'href="\?([^"]*)" data-testid="change"', page).group(1)
    assert change == f"step=1&amp;kind=control_chart&amp;dataset={ds.pk}"
    step1 = c.get(f"{NEW}?step=1&kind=control_chart&dataset={ds.pk}").content.decode()
    assert _fields(step1) == {"kind", "characteristic", "dataset"}
    assert f'<option value="{ds.pk}" selected>' in step1


def test_each_kind_shows_its_own_fields(world, client_for):
    c = client_for("enterprise")
    sampling = _fields(c.get(f"{NEW}?kind=sampling").content.decode())
    assert sampling == {
        "kind",
        "characteristic",
        "dataset",
        "title",
        "lot_size",
        "aql",
        "level",
        "inspection",
    }
    ch = make_characteristic(world, n=0)
    capability = _fields(c.get(f"{NEW}?kind=capability&characteristic={ch.pk}").content.decode())
    assert {"method", "chart_type", "last", "lsl", "usl"} <= capability
    assert not {"value_column", "subgroup_column", "lot_size", "inspection"} & capability


def test_a_column_not_in_the_data_set_is_refused(world, client_for):
    ds = upload_dataset(world, "lot,diameter\nL1,10.01\nL1,10.02\n", "lots")
    r = client_for("enterprise").post(
        f"{NEW}?kind=control_chart&dataset={ds.pk}",
        {"kind": "control_chart", "dataset": ds.pk, "value_column": "width"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 200
    assert "Select a valid choice. width is not one of the available choices." in r.content.decode()
