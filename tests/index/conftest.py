"""Fixtures of the index tests: the world plus eight quarters of observations and one run."""

from __future__ import annotations

import pytest


def _indexed(world):  # noqa: ANN001, ANN202
    from qualitas.index.demo import index_demo_load
    from tests.factories import make_enterprise

    # enough enterprises for published cells: 12 in Hangzhou C38, 12 in Ningbo C34, 12 in Shenzhen C39
    for i in range(12):
        make_enterprise(
            name_zh=f"杭州测试{i}电池有限公司",
            name_en=f"Hangzhou Test {i} Co., Ltd.",
            region="330100",
            industry="C38",
        )
        make_enterprise(
            name_zh=f"宁波测试{i}机械有限公司",
            name_en=f"Ningbo Test {i} Co., Ltd.",
            region="330200",
            industry="C34",
        )
        make_enterprise(
            name_zh=f"深圳测试{i}电子有限公司",
            name_en=f"Shenzhen Test {i} Co., Ltd.",
            region="440300",
            industry="C39",
        )
    index_demo_load(seed=11)
    return world


@pytest.fixture
def indexed(world):  # noqa: ANN001
    """The world with demo observations for 2024Q1–2025Q4, a published version and one run."""
    return _indexed(world)
