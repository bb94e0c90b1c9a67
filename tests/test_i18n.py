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
