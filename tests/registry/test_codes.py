"""Code lists and the unified social credit code (qualitas.registry.codes)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitas.registry import codes
from qualitas.registry.codes import (
    USCC_ALPHABET,
    USCCError,
    abolished_regions,
    industries,
    industry_index,
    make_uscc,
    random_usccs,
    region_index,
    regions,
    validate_uscc,
)

# Credit codes of large companies as published by them (annual reports, licences). Recalled, then
# confirmed only by the algorithm: each passes both independent check characters (position 17,
# GB 11714, and position 18, GB 32100), which a mistyped or invented string does with chance 1/341.
REAL_CODES = {
    "91110000710926094P": "中国石油化工股份有限公司 (Sinopec Corp.)",
    "91110000710925462X": "中国石油天然气股份有限公司 (PetroChina)",
    "914403001922038216": "华为技术有限公司 (Huawei Technologies)",
    "91520000214434146R": "贵州茅台酒股份有限公司 (Kweichow Moutai)",
    "91440300192317458F": "比亚迪股份有限公司 (BYD)",
    "91440300708461136T": "深圳市腾讯计算机系统有限公司 (Tencent)",
    "91110108551385082Q": "北京小米科技有限责任公司 (Xiaomi)",
}


def _csv(reference_dir: Path, name: str) -> list[dict[str, str]]:
    with (reference_dir / "domain" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# ------------------------------------------------------------------------------------ regions


def test_thirty_four_province_level_units():
    provinces = [r for r in regions() if r.level == "province"]
    assert len(provinces) == 34
    assert Counter(r.type for r in provinces) == {
        "province": 23,
        "autonomous_region": 5,
        "municipality": 4,
        "sar": 2,
    }
    assert all(r.parent_code is None and r.code.endswith("0000") for r in provinces)
    assert {"710000", "810000", "820000"} <= {r.code for r in provinces}


def test_prefecture_level_units_mca_2023():
    prefectures = [r for r in regions() if r.level == "prefecture"]
    # MCA, end of 2023: 333 prefecture-level units = 293 cities, 7 prefectures, 30 autonomous
    # prefectures, 3 leagues.
    assert len(prefectures) == 333
    assert Counter(r.type for r in prefectures) == {
        "prefecture_city": 293,
        "prefecture": 7,
        "autonomous_prefecture": 30,
        "league": 3,
    }
    index = region_index()
    for region in prefectures:
        parent = index[region.parent_code]
        assert parent.level == "province"
        assert region.code[:2] == parent.code[:2]
        assert region.code.endswith("00") and not region.code.endswith("0000")
        # Municipalities list no prefecture-level units (their districts are county level).
        assert parent.type not in {"municipality", "sar"}
        assert parent.code != "710000"
    per_province = Counter(r.parent_code for r in prefectures)
    assert per_province["440000"] == 21  # Guangdong
    assert per_province["510000"] == 21  # Sichuan
    assert per_province["460000"] == 4  # Hainan
    assert per_province["640000"] == 5  # Ningxia
    assert all(2 <= n <= 21 for n in per_province.values())
    assert len(per_province) == 27


def test_region_codes_unique_and_well_formed():
    all_codes = [r.code for r in regions()]
    assert len(all_codes) == len(set(all_codes))
    assert all(len(c) == 6 and c.isdigit() for c in all_codes)
    assert index_names_sample() == {
        "130100": ("石家庄市", "Shijiazhuang"),
        "420600": ("襄阳市", "Xiangyang"),
    }


def index_names_sample() -> dict[str, tuple[str, str]]:
    index = region_index()
    return {code: (index[code].name_zh, index[code].name_en) for code in ("130100", "420600")}


def test_abolished_mapping_is_consistent():
    index = region_index()
    old = abolished_regions()
    assert old["371200"].successor_codes == ("370100",)
    assert old["341400"].successor_codes == ("340100", "340200", "340500")
    assert old["420600"].change == "renamed"
    for entry in old.values():
        assert all(code in index for code in entry.successor_codes), entry
        assert 2000 <= entry.year <= 2023
        if entry.change == "renamed":
            assert entry.successor_codes == (entry.code,)
        else:
            assert entry.code not in index, entry


@pytest.mark.reference
def test_provinces_match_reference(reference_dir):
    reference = _csv(reference_dir, "provinces.csv")
    ours = {r.code: r for r in regions() if r.level == "province"}
    assert set(ours) == {row["code"] for row in reference}
    for row in reference:
        assert ours[row["code"]].name_zh == row["name_zh"]
        assert ours[row["code"]].name_en == row["name_en"]
        assert row["name_en_full"].startswith(ours[row["code"]].name_en)
        assert ours[row["code"]].type == row["type"]


# --------------------------------------------------------------------------------- industries


def test_industry_structure():
    items = industries()
    by_level = Counter(i.level for i in items)
    assert by_level == {"section": 20, "division": 31, "group": 179}
    assert [i.code for i in items if i.level == "section"] == list("ABCDEFGHIJKLMNOPQRST")
    assert [i.code for i in items if i.level == "division"] == [f"C{n}" for n in range(13, 44)]
    index = industry_index()
    assert len(index) == len(items)
    for item in items:
        if item.level == "division":
            assert item.parent_code == "C"
        if item.level == "group":
            assert item.parent_code == item.code[:3]
            assert index[item.parent_code].level == "division"
            assert len(item.code) == 4 and item.code[1:].isdigit()
        assert item.name_zh and item.name_en
    groups = Counter(i.parent_code for i in items if i.level == "group")
    assert len(groups) == 31  # every manufacturing division has groups
    assert index["C396"].name_zh == "智能消费设备制造"


@pytest.mark.reference
def test_industries_match_reference(reference_dir):
    index = industry_index()
    sections = _csv(reference_dir, "gbt4754_2017_sections.csv")
    assert {row["section"] for row in sections} == {
        i.code for i in industries() if i.level == "section"
    }
    for row in sections:
        assert index[row["section"]].name_zh == row["name_zh"]
    divisions = _csv(reference_dir, "gbt4754_2017_manufacturing_divisions.csv")
    assert {row["code"] for row in divisions} == {
        i.code for i in industries() if i.level == "division"
    }
    for row in divisions:
        assert index[row["code"]].name_zh == row["name_zh"]
        assert index[row["code"]].parent_code == row["section"]


# ------------------------------------------------------------------------------ credit codes


@pytest.mark.parametrize("code", sorted(REAL_CODES))
def test_real_codes_validate(code):
    result = validate_uscc(code)
    assert result.code == code
    assert result.authority == "9" and result.entity_type == "1"
    assert result.entity_type_name_en == "enterprise"
    assert result.organisation_code == code[8:17]
    assert result.province_code == code[2:4] + "0000"


def test_decoded_parts():
    result = validate_uscc("  914403001922038216 ")
    assert result.division == "440300"
    assert result.division_status == "current"
    assert result.division_name_zh == "深圳市"
    assert result.prefecture_code == "440300"
    assert result.organisation_code_display == "19220382-1"
    assert result.check_character == "6"
    assert result.authority_name_zh == "工商"


def test_lower_case_is_normalised():
    assert validate_uscc("91110000710925462x").code == "91110000710925462X"


def test_abolished_division_is_accepted():
    code = make_uscc(authority="9", entity_type="1", division="371200", org_body="12345678")
    result = validate_uscc(code)
    assert result.division_status == "abolished"
    assert result.division_name_zh == "莱芜市"
    assert result.division_successors == ("370100",)
    assert result.province_code == "370000"


def test_unknown_but_well_formed_division_is_accepted():
    for division in ("110108", "100000", "999999"):
        code = make_uscc(authority="5", entity_type="3", division=division, org_body="MA01ABCD")
        result = validate_uscc(code)
        assert result.division_status == "unknown"
        assert result.division_name_zh is None
    assert (
        validate_uscc(
            make_uscc(authority="1", entity_type="1", division="110108", org_body="00000000")
        ).province_code
        == "110000"
    )


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English unless a test asks for Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_illegal_character_names_its_position():
    from django.utils import translation

    with pytest.raises(USCCError) as info:
        validate_uscc("9111I000710925462X")
    error = info.value
    assert error.problem == "character" and error.position == 5
    assert error.field == "credit_code"
    assert str(error) == (
        "character 'I' at position 5 is not allowed (I, O, Z, S, V are never used)"
    )
    with translation.override("zh-hans"):
        assert str(error) == "第5位字符'I'不允许（统一社会信用代码不使用I、O、Z、S、V）"
    with pytest.raises(USCCError, match="character '-' at position 9"):
        validate_uscc("91110000-10925462X")


def test_wrong_length():
    with pytest.raises(USCCError, match="18 characters, this one has 17") as info:
        validate_uscc("91110000710925462")
    assert info.value.problem == "length"
    with pytest.raises(USCCError, match="empty"):
        validate_uscc("   ")
    with pytest.raises(USCCError, match="must be text"):
        validate_uscc(91110000710925462)  # type: ignore[arg-type]


def test_wrong_check_character_reports_expected():
    with pytest.raises(USCCError) as info:
        validate_uscc("91110000710925462Y")
    error = info.value
    assert error.problem == "check" and error.position == 18 and error.expected == "X"
    assert "should be 'X'" in str(error) and " / " not in str(error)
    from django.utils import translation

    with translation.override("zh-hans"):
        assert "应为'X'" in str(error) and "should" not in str(error)


def test_wrong_organisation_check_reports_expected():
    # Position 17 changed and position 18 recomputed, so only the GB 11714 check fails.
    first17 = "9111000071092546" + "3"
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    code = first17 + USCC_ALPHABET[(31 - total % 31) % 31]
    with pytest.raises(USCCError) as info:
        validate_uscc(code)
    error = info.value
    assert error.problem == "organisation_check" and error.position == 17 and error.expected == "2"
    assert "71092546-3" in str(error) and "should be '2'" in str(error)


def test_unknown_authority_and_letter_in_division():
    code = "X1110000710925462X"
    with pytest.raises(USCCError, match="position 1") as info:
        validate_uscc(code)
    assert info.value.problem == "authority"
    with pytest.raises(USCCError, match="position 4 is 'A'") as info:
        validate_uscc("911A0000710925462X")
    assert info.value.problem == "division"


@pytest.mark.parametrize("code", sorted(REAL_CODES))
def test_every_single_substitution_is_caught(code):
    for position in range(18):
        for char in USCC_ALPHABET:
            if char == code[position]:
                continue
            corrupted = code[:position] + char + code[position + 1 :]
            with pytest.raises(USCCError):
                validate_uscc(corrupted)


def test_make_uscc_rejects_bad_parts():
    with pytest.raises(ValueError, match="authority"):
        make_uscc(authority="B", entity_type="1", division="110000", org_body="12345678")
    with pytest.raises(ValueError, match="entity_type"):
        make_uscc(authority="9", entity_type="I", division="110000", org_body="12345678")
    with pytest.raises(ValueError, match="division"):
        make_uscc(authority="9", entity_type="1", division="11000", org_body="12345678")
    with pytest.raises(ValueError, match="org_body"):
        make_uscc(authority="9", entity_type="1", division="110000", org_body="1234567O")


def test_make_uscc_reproduces_real_codes():
    for code in REAL_CODES:
        assert (
            make_uscc(
                authority=code[0], entity_type=code[1], division=code[2:8], org_body=code[8:16]
            )
            == code
        )


_bodies = st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8)
_divisions = st.text(alphabet="0123456789", min_size=6, max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    authority=st.sampled_from(sorted(codes.AUTHORITIES)),
    entity_type=st.sampled_from(USCC_ALPHABET),
    division=_divisions,
    body=_bodies,
    position=st.integers(0, 17),
    replacement=st.sampled_from(USCC_ALPHABET),
)
def test_made_codes_validate_and_substitutions_fail(
    authority, entity_type, division, body, position, replacement
):
    code = make_uscc(authority=authority, entity_type=entity_type, division=division, org_body=body)
    assert validate_uscc(code).code == code
    if replacement != code[position]:
        with pytest.raises(USCCError):
            validate_uscc(code[:position] + replacement + code[position + 1 :])


def test_random_usccs_are_valid_distinct_and_reproducible():
    divisions = [r.code for r in regions() if r.level == "prefecture"]
    first = random_usccs(2000, np.random.default_rng(7), divisions)
    assert first == random_usccs(2000, np.random.default_rng(7), divisions)
    assert len(set(first)) == 2000
    for code in first:
        result = validate_uscc(code)
        assert result.division in divisions and result.division_status == "current"
    assert random_usccs(0, np.random.default_rng(1), ["110000"]) == []
    small = random_usccs(50, np.random.default_rng(1), ["110000"], authority="5", entity_type="3")
    assert all(code.startswith("53110000") for code in small)


def test_random_usccs_rejects_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="n must be"):
        random_usccs(-1, rng, ["110000"])
    with pytest.raises(ValueError, match="at least one"):
        random_usccs(1, rng, [])
    with pytest.raises(ValueError, match="six digits"):
        random_usccs(1, rng, ["11000X"])


def test_random_usccs_million_are_distinct_and_valid():
    # its speed is measured in benchmarks/registry.py, not asserted here (the machines are noisy)
    divisions = [r.code for r in regions()]
    generated = random_usccs(1_000_000, np.random.default_rng(2024), divisions)
    assert len(generated) == len(set(generated)) == 1_000_000
    for code in generated[::50_000]:
        validate_uscc(code)
