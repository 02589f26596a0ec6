"""Names and punctuation in the reader's language (issue 11 item 14, the admin and text part):
every model named in both languages with a Chinese plural that is the singular (not 企业数,
家机构, 审计检查点s); the admin site titled as the platform with third-party apps named in
Chinese (not "Django 管理", "TASKS DATABASE BACKEND"); full-width punctuation in Chinese
sentences, in the translation tables and where templates join words and data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
OURS = {"core", "registry", "evaluation", "diagnosis", "index"}
HAN = r"[\u3400-\u9fff]"
UNCOUNTABLE = {"evaluation.Evidence"}  # English "evidence" has no plural


def test_every_model_is_named_in_both_languages():
    problems = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in OURS:
            continue
        name = f"{meta.app_label}.{model.__name__}"
        if not {"verbose_name", "verbose_name_plural"} <= set(meta.original_attrs):
            problems.append(f"{name}: verbose_name and verbose_name_plural not both set")
            continue
        with translation.override("en"):
            en_one, en_many = str(meta.verbose_name), str(meta.verbose_name_plural)
        with translation.override("zh-hans"):
            zh_one, zh_many = str(meta.verbose_name), str(meta.verbose_name_plural)
        if not re.search(HAN, zh_one) or not re.search(HAN, zh_many):
            problems.append(f"{name}: no Chinese name ({zh_one} / {zh_many})")
        if zh_one != zh_many:  # Chinese has no plural: 企业数, 家机构, 个特性 are counts
            problems.append(f"{name}: Chinese plural {zh_many!r} is not the singular {zh_one!r}")
        if en_one == en_many and name not in UNCOUNTABLE:
            problems.append(f"{name}: English plural {en_many!r} equals the singular")
    assert not problems, problems


@pytest.mark.django_db
def test_admin_site_speaks_chinese(world):
    c = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    c.force_login(world.users["admin"])
    page = c.get("/admin/").content.decode()
    assert "Qualitas 管理后台" in page and "平台数据" in page
    for english in ("Django", "Tasks Database Backend", "Task Results", "Axes", "access attempts"):
        assert english not in page, english
    for chinese in (
        "平台核心",
        "后台任务",
        "任务结果",
        "登录保护",
        "登录尝试",
        "企业",
        "机构",
        "审计检查点",
    ):
        assert chinese in page, chinese
    for wrong in ("企业数", "家机构", "审计检查点s", "个特性"):
        assert wrong not in page, wrong
    en = Client(HTTP_ACCEPT_LANGUAGE="en")
    en.force_login(world.users["admin"])
    page = en.get("/admin/").content.decode()
    assert "Qualitas administration" in page and "Background tasks" in page


def _tables() -> list[tuple[str, int, str]]:
    rows = []
    for tsv in sorted((ROOT / "docs" / "i18n").glob("*.tsv")):
        for i, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
            if "\t" in line and not line.startswith("#"):
                rows.append((tsv.name, i, line.split("\t")[1]))
    return rows


# ASCII marks touching Chinese text; placeholders, tags, paths and numbers are left out first
_PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfr]|%[sdfr]|\{[^}]*\}|<[^>]+>|https?://\S+")
_ASCII_IN_CHINESE = re.compile(
    rf"{HAN}\s*[,:;?!]|[,;:?!]\s*{HAN}|(?<![0-9A-Za-z]){HAN}\s*\.(?!\w)|\(\s*{HAN}|{HAN}\s*\)"
)


def test_translation_tables_use_full_width_punctuation():
    bad = [
        f"{name}:{i}: {zh}"
        for name, i, zh in _tables()
        if _ASCII_IN_CHINESE.search(_PLACEHOLDER.sub("X", zh))
    ]
    assert not bad, bad


# A translated word followed by an ASCII colon or parenthesis in a template prints "状态: " on a
# Chinese page; templates use {{ punct.colon }}, {{ punct.lp }}…{{ punct.rp }} and
# join:punct.list (core.context_processors.punctuation).
_TEMPLATE_ASCII = re.compile(
    r'(?:translate "[^"]*"|endblocktranslate) ?%\}(?::|\s\()|join:", "|\(\{% translate'
)


def test_templates_put_full_width_punctuation_in_chinese():
    src = ROOT / "src" / "qualitas"
    offenders = {
        str(p.relative_to(src))
        for p in src.glob("*/templates/**/*.html")
        if _TEMPLATE_ASCII.search(p.read_text(encoding="utf-8"))
    }
    assert not offenders, sorted(offenders)


@pytest.mark.django_db
def test_chinese_page_joins_with_chinese_marks(world):
    world.users["authority"].profile.regions.add("440000")
    zh = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    zh.force_login(world.users["authority"])
    page = zh.get("/").content.decode()
    assert re.search(r"浙江省、广东省|广东省、浙江省", page), page[:2000]
    assert "时间均为 Asia/Shanghai 时间。" in page
    en = Client(HTTP_ACCEPT_LANGUAGE="en")
    en.force_login(world.users["authority"])
    page = en.get("/").content.decode()
    assert "Times in Asia/Shanghai." in page
