"""The ``qualitas`` command answers in the user's language: ``--lang``, else the locale (LANG …).

A refusal is one line in that language with a non-zero exit status and no traceback; help
texts follow the same language.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from qualitas.cli import QualitasGroup, app
from qualitas.cli.i18n import current_language, language_from_args, language_from_env

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
NO_LOCALE = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


@pytest.fixture()
def not_numeric(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text("x\n1.5\nabc\n", encoding="utf-8")
    return path


def analyze(path: Path, *, lang: str | None = None, env: dict[str, str | None] | None = None):
    args = ["--lang", lang] if lang else []
    args += ["analyze", "capability", str(path), "--value", "x", "--lsl", "1"]
    return runner.invoke(app, args, env={**NO_LOCALE, **(env or {})})


def test_lang_option_english(not_numeric: Path) -> None:
    r = analyze(not_numeric, lang="en", env={"LANG": "zh_CN.UTF-8"})
    assert r.exit_code == 2
    assert r.stderr.strip() == "error: row 3: column 'x' has non-numeric value 'abc'"
    assert "Traceback" not in r.output


def test_lang_from_locale_chinese(not_numeric: Path) -> None:
    r = analyze(not_numeric, env={"LANG": "zh_CN.UTF-8"})
    assert r.exit_code == 2
    assert r.stderr.strip() == "错误： 第 3 行：列 'x' 含非数值 'abc'"
    assert "Traceback" not in r.output
    assert current_language() == "en"  # after the run: the environment's again (the suite's C)


def test_lang_option_wins_over_locale_and_lc_all_over_lang(not_numeric: Path) -> None:
    assert "含非数值" in analyze(not_numeric, lang="zh-hans", env={"LANG": "en_US.UTF-8"}).stderr
    r = analyze(not_numeric, env={"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"})
    assert "has non-numeric value" in r.stderr


def test_unset_locale_is_chinese_like_the_site_and_c_is_english(not_numeric: Path) -> None:
    assert "含非数值" in analyze(not_numeric).stderr
    assert "has non-numeric value" in analyze(not_numeric, env={"LANG": "C.UTF-8"}).stderr


def test_language_resolution() -> None:
    assert language_from_env({}) == "zh-hans"
    assert language_from_env({"LANG": "zh_TW.UTF-8"}) == "zh-hans"
    assert language_from_env({"LANG": "fr_FR.UTF-8"}) == "en"
    assert language_from_env({"LANG": "POSIX"}) == "en"
    assert language_from_env({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}) == "zh-hans"
    assert language_from_env({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert language_from_env({"LANG": "", "LC_ALL": ""}) == "zh-hans"
    assert language_from_args(["--lang", "EN", "analyze"]) == "en"
    assert language_from_args(["--lang=zh-hans", "check"]) == "zh-hans"
    assert language_from_args(["analyze", "--lang", "en"]) is None  # not a top-level option
    assert language_from_args(["--lang", "fr"]) is None


def test_bad_lang_is_refused() -> None:
    r = runner.invoke(app, ["--lang", "fr", "check"], env={**NO_LOCALE, "LANG": "C"})
    assert r.exit_code == 2 and "--lang" in r.output and "choose en or zh-hans" in r.output


def test_help_in_the_users_language() -> None:
    zh = runner.invoke(app, ["--lang", "zh-hans", "analyze", "--help"], env=NO_LOCALE)
    assert zh.exit_code == 0 and "对 CSV 或 XLSX 文件进行统计分析" in zh.output
    capability = runner.invoke(app, ["analyze", "capability", "--help"], env=NO_LOCALE).output
    assert "测量值列" in capability and "显示此帮助并退出" in capability and "选项" in capability
    en = runner.invoke(app, ["analyze", "--help"], env={**NO_LOCALE, "LANG": "en_US.UTF-8"})
    assert "Statistical analyses on a CSV or XLSX file." in en.output
    assert "统计分析" not in en.output and "Show this message and exit." in en.output
    from typer import rich_utils

    assert rich_utils.OPTIONS_PANEL_TITLE == "Options"  # Typer's words are restored after a run


@pytest.mark.django_db
def test_domain_error_of_a_platform_command_in_the_users_language(world) -> None:
    from django.utils.translation import get_language

    before = get_language()
    args = ["createuser", "z", "--role", "wizard", "--password", "p"]
    zh = runner.invoke(app, ["--lang", "zh-hans", *args], env=NO_LOCALE)
    assert zh.exit_code == 2 and "role：未知角色 'wizard'" in zh.stderr
    en = runner.invoke(app, ["--lang", "en", *args], env=NO_LOCALE)
    assert en.exit_code == 2 and "role: unknown role 'wizard'" in en.stderr
    assert "Traceback" not in zh.output + en.output
    assert get_language() == before  # Django's language is restored after the command


def test_an_uncaught_domain_error_is_one_line() -> None:
    from django.utils.translation import gettext_lazy

    from qualitas.core.errors import DomainError

    demo = typer.Typer(cls=QualitasGroup)

    @demo.command("one")
    def one() -> None:
        raise DomainError(gettext_lazy("Not found"), row=4)

    @demo.command("two")
    def two() -> None:  # a group needs two commands
        pass

    r = runner.invoke(demo, ["one"], env={**NO_LOCALE, "LANG": "zh_CN.UTF-8"})
    assert r.exit_code == 2
    assert r.stderr.strip() == "错误： 第 4 行：未找到"
    assert "Traceback" not in r.output


def test_the_installed_command_in_chinese(not_numeric: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in NO_LOCALE}
    env["LANG"] = "zh_CN.UTF-8"
    r = subprocess.run(
        [sys.executable, "-m", "qualitas.cli", "analyze", "capability", str(not_numeric)]
        + ["--value", "x", "--usl", "2"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 2
    assert "第 3 行：列 'x' 含非数值 'abc'" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout


def test_html_report_in_the_users_language(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("x\n1\n2\n3\n2\n1\n3\n2\n", encoding="utf-8")
    args = ["analyze", "imr", str(data), "--value", "x", "--html"]
    zh, en = tmp_path / "zh.html", tmp_path / "en.html"
    r = runner.invoke(app, ["--lang", "zh-hans", *args, str(zh)], env=NO_LOCALE)
    assert r.exit_code == 0 and "已写出" in r.output
    page = zh.read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in page and '"中心线 CL"' in page and '"Individuals"' not in page
    assert runner.invoke(app, ["--lang", "en", *args, str(en)], env=NO_LOCALE).exit_code == 0
    page = en.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and '"Individuals"' in page and "中心线" not in page
