"""Messages in Chinese or English: the catalog is complete, and the locale and --lang choose."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest
from conftest import ROOT, SEED, govinfo


def _catalog_tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_is_translated_and_the_compiled_catalog_is_current():
    pytest.importorskip("babel")
    assert _catalog_tool().problems() == []


def test_chinese_locale_gives_chinese_findings_and_help():
    zh = govinfo("validate", SEED, env={"LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 1
    assert "错误 L1" in zh.stdout and "表头行填为 0，但其下各项之和为 1.参加或举办新闻发布会总次数 0 + 2.政府网站在线访谈次数 1" in zh.stdout
    assert "5.其他方式回应事件数 0 = 2" in zh.stdout
    assert "正文所述统计期限为" in zh.stdout
    help_text = govinfo("validate", "--help", env={"LANG": "zh_CN.UTF-8"}).stdout
    assert "按格式检查报告" in help_text and "显示此帮助信息并退出" in help_text and "选项" in help_text


def test_c_locale_gives_english():
    en = govinfo("validate", SEED, env={"LANG": "C"})
    assert "error L1" in en.stdout and "header row is filled with 0, but its items add up to 1.参加或举办新闻发布会总次数 0" in en.stdout
    assert "错误" not in en.stdout


@pytest.mark.parametrize("lang,locale,word", [("en", "zh_CN.UTF-8", "warning"), ("zh", "C", "警告")])
def test_the_lang_option_wins_over_the_locale(lang, locale, word):
    result = govinfo("--lang", lang, "validate", SEED, env={"LANG": locale, "LC_ALL": locale})
    assert f"{word} L2" in result.stdout


def test_json_keys_stay_english_and_labels_chinese_in_either_language():
    documents = [json.loads(govinfo("--lang", lang, "validate", "--format", "json", SEED).stdout)
                 for lang in ("zh", "en")]
    zh, en = (list(d["files"][0]["findings"]) for d in documents)
    assert [f["code"] for f in zh] == [f["code"] for f in en]
    assert [f["label"] for f in zh] == [f["label"] for f in en]
    assert any(f["label"] == "3.政务微博公开政府信息数" for f in en)
    assert zh[0].keys() == en[0].keys()
    assert [f["message"] for f in zh] != [f["message"] for f in en]


def test_new_and_diff_speak_chinese_too(tmp_path):
    out = tmp_path / "r.toml"
    out.write_text("x", encoding="utf-8")
    new = govinfo("--lang", "zh", "new", "--year", "2022", "-o", out)
    assert new.returncode == 2 and "已存在；如要覆盖请加 --force" in new.stderr
    diff = govinfo("--lang", "zh", "diff", SEED, SEED)
    assert diff.returncode == 0 and "概要" in diff.stdout


def test_no_message_is_marked_inside_an_f_string():
    """The catalog's extractor cannot see _("…") inside an f-string: such a message would never be translated."""
    import tokenize

    for path in sorted((ROOT / "govinfo_cli").rglob("*.py")):
        with path.open("rb") as handle:
            for token in tokenize.tokenize(handle.readline):
                if token.type == tokenize.STRING and token.string.lstrip("rbRB").startswith(("f", "F")):
                    literal = re.search(r"""\b_\(\s*["']""", token.string)
                    assert not literal, f"{path.relative_to(ROOT)}:{token.start[0]}: {token.string}"


def test_the_first_locale_variable_set_decides():
    from govinfo_cli.i18n import language_from_environment

    assert language_from_environment({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert language_from_environment({"LC_ALL": "zh_CN.UTF-8", "LANG": "C"}) == "zh"
    assert language_from_environment({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    assert language_from_environment({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}) == "zh"  # set but empty: not set
    assert language_from_environment({}) == "en"


# --- Chinese all the way ------------------------------------------------------------------------------

# a command line for each message of typer._click that govinfo translates
USAGE_ERRORS = {
    "Missing argument {name}.": ["validate"],
    "Invalid value for {name}: {reason}": ["new", "--form", "2030"],
    "{value} is not one of {choices}.": ["new", "--form", "2030"],
    "{value} is not a valid int.": ["new", "--year", "abc"],
    "{value} is not a valid int range.": ["validate", "-j", "x", "f"],
    "{value} is not a valid float range.": ["diff", "--threshold", "abc", "a", "b"],
    "{value} is not in the range {range}.": ["validate", "-j", "0", "f"],
    "No such option: {name} (Possible options: {options})": ["validate", "--forma", "json", "f"],
    "No such option: {name}": ["validate", "-x", "f"],
    "{message}. Did you mean {suggestions}?": ["valdate", "f"],
    "Got unexpected extra argument(s) ({arguments})": ["render", "a", "b"],
    "Option {name} requires an argument.": ["render", "a", "-o"],
    "Option {name} does not take a value.": ["validate", "--strict=1", "f"],
}


def test_every_translated_parser_message_is_one_the_parser_gives():
    from govinfo_cli.commands.usage import CLICK_MESSAGES

    assert set(USAGE_ERRORS) == set(CLICK_MESSAGES)


@pytest.mark.parametrize("template", list(USAGE_ERRORS))
def test_usage_errors_in_english_are_the_parsers_own_and_in_chinese_are_chinese(template):
    from govinfo_cli.commands.usage import CLICK_MESSAGES
    from govinfo_cli.model.messages import recognise

    argv = USAGE_ERRORS[template]
    en = govinfo(*argv)
    assert en.returncode == 2 and en.stdout == ""
    error = en.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: ")
    found = recognise(error.removeprefix("Error: "), CLICK_MESSAGES)
    assert found is not None and template in {found.template, *(a.template for a in found.args.values()
                                                                  if hasattr(a, "template"))}, error
    zh = govinfo("--lang", "zh", *argv)
    assert zh.returncode == 2 and zh.stdout == ""
    for english in ("Usage:", "Error:", "Try ", "Invalid value", "Missing", "No such", "not a valid", "not one of",
                    "Did you mean", "Got unexpected", "requires an", "does not take", "[OPTIONS]"):
        assert english not in zh.stderr, zh.stderr
    assert "错误：" in zh.stderr


def test_help_in_chinese_has_a_chinese_frame_and_every_command_whole():
    from govinfo_cli.cli import COMMANDS, first_sentence

    zh = govinfo("--lang", "zh", "--help")
    assert zh.stdout.startswith("用法：govinfo [选项] 命令 [参数]...")
    assert "\n选项：\n" in zh.stdout and "\n命令：\n" in zh.stdout and "..." not in zh.stdout.replace("[参数]...", "")
    en = govinfo("--help")
    flat = " ".join(en.stdout.split())
    from govinfo_cli.cli import command

    commands = command().commands
    assert len(commands) == len(COMMANDS)
    for name, sub in commands.items():
        assert f"{name} {' '.join(first_sentence(sub.help).split())}" in flat, name
    assert "..." not in en.stdout.replace("[ARGS]...", "")


@pytest.mark.parametrize("command", [[], ["validate"], ["diff"], ["render"], ["sum"], ["fill"], ["new"]])
def test_dash_h_is_help(command):
    short, long = govinfo(*command, "-h"), govinfo(*command, "--help")
    assert short.returncode == long.returncode == 0 and short.stdout == long.stdout and "Usage: govinfo" in short.stdout


def test_lang_and_color_after_the_command(tmp_path):
    zh = govinfo("validate", SEED, "--lang", "zh")
    assert "错误 L1" in zh.stdout
    help_text = govinfo("render", "--help", "--lang", "zh").stdout
    assert "用法：govinfo render" in help_text
    painted = govinfo("validate", SEED, "--color", "always")
    assert "\033[" in painted.stdout
    # after the command, it wins over what was given before it; not given there, what was given before stays
    assert "\033[" not in govinfo("--color", "always", "validate", SEED, "--color", "never").stdout
    assert "\033[" in govinfo("--color", "always", "validate", SEED).stdout
    bad = govinfo("validate", SEED, "--color", "sometimes")
    assert bad.returncode == 2 and "sometimes" in bad.stderr


def test_plurals_are_right_in_english(tmp_path):
    from conftest import PINGTAN_2021, with_cell

    one = tmp_path / "one.toml"
    one.write_text(with_cell(PINGTAN_2021.read_text(encoding="utf-8"), "requests.new.natural_person", '"64"'),
                   encoding="utf-8")
    rendered = govinfo("render", one, "-o", tmp_path / "one.html")
    assert f"{one} has 1 schema error; run govinfo validate" in rendered.stderr
    page = govinfo("validate", "--format", "html", one).stdout
    assert "1 file: 0 valid, 1 error, 1 warning" in page
    diff = govinfo("diff", PINGTAN_2021, one).stdout
    assert f"{one} does not fit form 2021 (1 schema error); run govinfo validate" in diff
    assert "years 上年度报告是前一年度的" not in diff and "years last year's report is for the year before: " \
                                                       "1 of 1 does not hold" in diff


def test_chinese_text_has_chinese_punctuation():
    from conftest import PINGTAN_2021, PINGTAN_2022

    zh = govinfo("--lang", "zh", "diff", PINGTAN_2021, PINGTAN_2022).stdout
    summary = next(line for line in zh.splitlines() if line.startswith("概要："))
    assert summary.endswith("。") and "；" in summary and "; " not in summary and not summary.endswith(".")
    assert f"上年：{PINGTAN_2021}（2021年度、2021 格式、平潭综合实验区）" in zh
    assert "R9 上年结转 = 上年度的结转下年度继续办理：全部 7 项成立" in zh
    validate = govinfo("--lang", "zh", "validate", SEED).stdout
    assert "  成立：" in validate and "（没有上年度报告" in validate


def test_pages_say_which_language_their_text_is_in():
    from conftest import PINGTAN_2021, PINGTAN_2022

    for lang in ("en", "zh"):  # the report is Chinese, whatever the language of the messages
        page = govinfo("--lang", lang, "render", PINGTAN_2021, "--format", "html").stdout
        assert '<html lang="zh-CN">' in page
    en = govinfo("--lang", "en", "diff", PINGTAN_2021, PINGTAN_2022, "--format", "html").stdout
    assert '<html lang="en">' in en and '<th scope="row"><span lang="zh-CN">一、本年新收政府信息公开申请数量 · 总计</span>' in en
    zh = govinfo("--lang", "zh", "diff", PINGTAN_2021, PINGTAN_2022, "--format", "html").stdout
    assert '<html lang="zh-CN">' in zh and '<span lang="zh-CN">' not in zh
