"""Verdict rules on hand-worked examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qualitas.supervision.verdicts import ResultError, item_verdict, sample_verdict


def judge(kind, value, low=None, high=None, unit="%", value_unit=""):
    return item_verdict(
        limit_kind=kind,
        low=Decimal(low) if low is not None else None,
        high=Decimal(high) if high is not None else None,
        unit=unit,
        value=value,
        value_unit=value_unit,
        field="x",
    )


def test_items_against_their_limits():
    assert judge("min", "80", low="80") == (80.0, "pass")  # the limit itself passes
    assert judge("min", "79.9", low="80") == (79.9, "fail")
    assert judge("max", "−81", high="-80", unit="dBm/Hz") == (-81.0, "pass")
    assert judge("max", "20.01", high="20", unit="dBm")[1] == "fail"
    assert judge("range", "4,9", low="4.5", high="5.5")[1] == "pass"  # a decimal comma
    assert judge("pass_fail", "不合格", unit="") == (None, "fail")
    assert judge("pass_fail", "合格", unit="") == (None, "pass")


def test_a_limit_in_the_wrong_unit_is_refused_naming_the_item():
    with pytest.raises(ResultError) as e:
        judge("max", "150", high="200", unit="mV", value_unit="V")
    assert e.value.field == "x"
    assert judge("max", "150", high="200", unit="mV", value_unit="mV")[1] == "pass"
    with pytest.raises(ResultError):
        judge("min", "eighty", low="80")
    with pytest.raises(ResultError):
        judge("pass_fail", "maybe", unit="")


def test_sample_verdicts():
    # any_item: one failed minor item fails the power bank
    assert (
        sample_verdict(
            rule="any_item",
            major_allowed=0,
            minor_allowed=0,
            items=[("critical", "pass"), ("minor", "fail")],
        )
        == "fail"
    )
    # classed PV rule (0 major, 1 minor allowed): one minor failure passes, two fail
    classed = {"rule": "classed", "major_allowed": 0, "minor_allowed": 1}
    assert sample_verdict(**classed, items=[("minor", "fail"), ("major", "pass")]) == "pass"
    assert sample_verdict(**classed, items=[("minor", "fail"), ("minor", "fail")]) == "fail"
    assert sample_verdict(**classed, items=[("major", "fail")]) == "fail"
    assert sample_verdict(**classed, items=[("critical", "fail"), ("minor", "pass")]) == "fail"
    assert (
        sample_verdict(rule="classed", major_allowed=1, minor_allowed=0, items=[("major", "fail")])
        == "pass"
    )
