"""The catalogue of every finding govinfo reports: one :class:`Check` per code.

Each entry says what the code means (title, description, for editors), where the
rule comes from (the clause of the 条例 or of the official form), which forms it
applies to, its category, its level, and which function produces it. Validation
runs the functions listed here (:func:`functions`), the docs are generated from it
(``scripts/gen_docs.py`` writes ``docs/rules.md`` and ``docs/rules.zh-CN.md``), and
tests hold every finding the program can emit to an entry here, with a fixture
that triggers it and one that does not.

The arithmetic codes (R1–R9, L1–L5) are declared twice over, on purpose and tied by
a test: their *relations* are data in the schemas' ``x-rules`` (one generic
evaluator checks them all), their *meaning* is here.

Adding a rule: an entry here, one function (``def r99_slug(context) -> list[Finding]``
in the module of its category), and a pair of fixtures in ``tests/rules/cases.toml``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from functools import cache

from govinfo_cli.i18n import N_, _
from govinfo_cli.record import record

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from govinfo_cli.checks.context import Context
    from govinfo_cli.checks.findings import Finding

CATEGORIES = ("input", "completeness", "arithmetic", "cross-year", "text", "dates", "diff")

# Why an instance of a rule was not checked: shown beside a rule that did not run, so that it
# never reads as held.
REASONS = {
    "no-previous": N_("no last year's report (give it with --previous)"),
    "other-year": N_("last year's report is not for the year before"),
    "other-agency": N_("last year's report is another agency's"),
    "not-in-previous-form": N_("last year's form has no such cells"),
    "schema": N_("a cell it reads has a schema error"),
    "blank": N_("the cells of one side are blank"),
    "no-figure": N_("the text states no figure it speaks of"),
    "no-period": N_("the text states no statistics period"),
    "no-date": N_("no publication or filling date is given"),
    "no-text": N_("the section is empty"),
    "diff-only": N_("checked by govinfo diff only"),
}

# When a check runs: on the file as read (load), on one report (report), on a report with
# last year's (previous: validate --previous and diff), on two reports compared (diff).
SCOPES = ("load", "report", "previous", "diff")

ALL_FORMS = ("legacy", "2019", "2021")
TABLE_FORMS = ("2019", "2021")


@record(frozen=True)
class Check:
    code: str
    slug: str  # a readable name, stable like the code
    levels: tuple[str, ...]  # "error", "warning" (the first is the usual one)
    category: str
    scope: str
    title: str  # marked for the catalog; translated where shown
    description: str  # for the docs: what it checks, why, what to do
    clause: str  # where the rule comes from
    forms: tuple[str, ...]
    function: str  # "module:function" that produces the findings
    declared: bool = False  # its relations are declared in the schemas' x-rules

    def implementation(self) -> Callable[[Context], list[Finding]]:
        return _resolve(self.function)


@cache
def _resolve(reference: str) -> Callable[[Context], list[Finding]]:
    module, _colon, name = reference.partition(":")
    function: Callable[[Context], list[Finding]] = getattr(importlib.import_module(module), name)
    return function


_RELATIONS = "govinfo_cli.checks.arithmetic:relations"
_ACROSS_YEARS = "govinfo_cli.checks.arithmetic:across_years"

CATALOGUE: tuple[Check, ...] = (
    Check(
        code="parse", slug="unreadable", levels=("error",), category="input", scope="load",
        title=N_("the file reads as a report"),
        description=N_("The file is missing, a folder, binary, not UTF-8, or not valid TOML (the line and column "
                       "are given). Nothing else can be checked, and the exit code is 2. Fix the file at the place "
                       "named: a TOML key is written name = value, text is in quotes."),
        clause="TOML 1.0", forms=ALL_FORMS, function="govinfo_cli.checks.validate:parse_finding",
    ),
    Check(
        code="schema", slug="does-not-fit-form", levels=("error",), category="input", scope="report",
        title=N_("the file fits its form"),
        description=N_("The file is TOML but does not fit the form: an unknown key (usually a typo), a missing "
                       "required key, text where a number belongs, a negative count, a date not written "
                       "YYYY-MM-DD, an unknown form. Correct the value or key named; govinfo new shows every key "
                       "of the form with its label."),
        clause="国办公开办函〔2021〕30号、〔2019〕60号 附件; 国办发〔2014〕32号 统计表", forms=ALL_FORMS,
        function="govinfo_cli.checks.schema:schema_check",
    ),
    Check(
        code="C1", slug="blank-cells", levels=("warning", "error"), category="completeness", scope="report",
        title=N_("every cell is filled"),
        description=N_("The official form has no optional cell: every cell holds a number, 0 where there was "
                       "nothing. A blank cell (a key left out of the file) is reported once per row that has "
                       "blanks, or once for a table left wholly blank, with how many cells; a warning, an error "
                       "under --strict. Real case: Shanghai 2019 left the 总计 column blank on every result row of "
                       "table 三. A legacy header row (unit ——) is blank by the form's design and is not counted."),
        clause="国办公开办函〔2021〕30号 附件（表格各项均应填报）", forms=ALL_FORMS,
        function="govinfo_cli.checks.completeness:c1_blank_cells",
    ),
    Check(
        code="C2", slug="older-single-row", levels=("warning", "error"), category="completeness", scope="report",
        title=N_("a row the form splits is filled row by row, not as the older form's single row"),
        description=N_("Form 2021 splits 2019's single row （六）其他处理 into three rows. A 2021 report whose first "
                       "two of them are blank and whose 3.其他 holds the figures still prints the 2019 layout "
                       "(real case: 洪泽区 2024). Count each application in its row, 0 where none."),
        clause="国办公开办函〔2021〕30号 表三 （六）其他处理 1. 2. 3.", forms=("2021",),
        function="govinfo_cli.checks.completeness:c2_old_other_layout",
    ),
    Check(
        code="R1", slug="requests-balance", levels=("error",), category="arithmetic", scope="report",
        title=N_("table 三: new + carried over = total results + carried forward"),
        description=N_("For each applicant column of table 三: 一、本年新收 + 二、上年结转 = 三（七）总计 + "
                       "四、结转下年度继续办理. This is the one relation printed in the form itself (its 勾稽 "
                       "note). A finding shows both sides with their terms, and says when a cell stands in two "
                       "failing sums. A rule whose one side is wholly blank is not checked (C1 names the blanks)."),
        clause="国办公开办函〔2021〕30号 表三 注（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        forms=TABLE_FORMS, function=_RELATIONS, declared=True,
    ),
    Check(
        code="R2", slug="results-total", levels=("error",), category="arithmetic", scope="report",
        title=N_("table 三: （七）总计 = the sum of the result rows"),
        description=N_("For each column of table 三, （七）总计 is the sum of every result row: 21 rows in form "
                       "2021 (with the three （六） rows), 19 in form 2019. Each application is counted once, by "
                       "its final result."),
        clause="国办公开办函〔2021〕30号 表三 三、本年度办理结果（七）总计", forms=TABLE_FORMS,
        function=_RELATIONS, declared=True,
    ),
    Check(
        code="R3", slug="applicants-total", levels=("error",), category="arithmetic", scope="report",
        title=N_("table 三: 总计 = the sum of the applicant columns"),
        description=N_("For each row of table 三: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + "
                       "法律服务机构 + 其他 (the form has no 法人或其他组织 subtotal)."),
        clause="国办公开办函〔2021〕30号 表三 申请人情况·总计", forms=TABLE_FORMS, function=_RELATIONS,
        declared=True,
    ),
    Check(
        code="R5", slug="appeals-total", levels=("error",), category="arithmetic", scope="report",
        title=N_("table 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"),
        description=N_("For 行政复议, 未经复议直接起诉 and 复议后起诉 in table 四: 总计 = 结果维持 + 结果纠正 + "
                       "其他结果 + 尚未审结 (real reports print 总计 0 while its parts are 10 + 1)."),
        clause="国办公开办函〔2021〕30号 表四", forms=TABLE_FORMS, function=_RELATIONS, declared=True,
    ),
    Check(
        code="L1", slug="header-row-filled", levels=("warning", "error"), category="arithmetic", scope="report",
        title=N_("legacy table: header rows are blank"),
        description=N_("A header row (unit ——) is blank in the official 统计表. Filled: a warning. Filled with a "
                       "number that differs from the sum of its items: an error (the seed report's （二）通过不同"
                       "渠道和方式回应解读的情况 is 0 while its items add up to 2). A header's items are declared in "
                       "the schema; a header among them counts as the sum of its own items."),
        clause="国办发〔2014〕32号 政府信息公开情况统计表", forms=("legacy",), function=_RELATIONS, declared=True,
    ),
    Check(
        code="L2", slug="channel-exceeds-items", levels=("warning",), category="arithmetic", scope="report",
        title=N_("legacy table: one channel cannot exceed （一）主动公开政府信息数"),
        description=N_("（一）主动公开政府信息数 counts each item once whatever the channel, so no single channel "
                       "of （二） can exceed it (the seed report: 政务微博 968 > 187)."),
        clause="国办发〔2014〕32号 统计表 一、（一）（不同渠道和方式公开相同信息计1条）", forms=("legacy",),
        function=_RELATIONS, declared=True,
    ),
    Check(
        code="L3", slug="normative-published-exceeds-issued", levels=("warning",), category="arithmetic",
        scope="report",
        title=N_("legacy table: 主动公开规范性文件数 ≤ 制发规范性文件总数"),
        description=N_("The normative documents published actively cannot outnumber those issued."),
        clause="国办发〔2014〕32号 统计表 一、（一）", forms=("legacy",), function=_RELATIONS, declared=True,
    ),
    Check(
        code="L4", slug="legacy-total", levels=("error",), category="arithmetic", scope="report",
        title=N_("legacy table: a total equals its items"),
        description=N_("收到申请数 = 当面 + 传真 + 网络 + 信函; 申请办结数 = 按时 + 延期; 申请答复数 = items 1–8; "
                       "不同意公开答复数 = its six 其中 reasons; 行政复议数量 and 行政诉讼数量 = their three "
                       "outcomes; 从事政府信息公开工作人员数 = 专职 + 兼职."),
        clause="国办发〔2014〕32号 统计表", forms=("legacy",), function=_RELATIONS, declared=True,
    ),
    Check(
        code="L5", slug="part-exceeds-parent", levels=("error",), category="arithmetic", scope="report",
        title=N_("legacy table: a 其中 part does not exceed its parent"),
        description=N_("A 其中 row is a part of the row above it: 主动公开规范性文件数 ≤ 主动公开政府信息数; "
                       "主要负责同志参加… ≤ its total."),
        clause="国办发〔2014〕32号 统计表（其中）", forms=("legacy",), function=_RELATIONS, declared=True,
    ),
    Check(
        code="N1", slug="empty-section", levels=("error",), category="text", scope="report",
        title=N_("every section the form requires has text"),
        description=N_("A section of the report's text that the form requires holds no text. Write the section; "
                       "a section left out of the file altogether is a schema error instead."),
        clause="条例第五十条", forms=ALL_FORMS, function="govinfo_cli.checks.text:n1_empty_section",
    ),
    Check(
        code="N2", slug="says-nothing", levels=("warning",), category="text", scope="report",
        title=N_("五 names the problems and what was done about them"),
        description=N_("五、存在的主要问题及改进情况 must be 实事求是、明确具体, never 敷衍了事: a section that reads "
                       "无, 暂无, 无问题, or is too short to name a problem and a measure (fewer characters than the "
                       "section's x-min-chars in the schema) is a warning. Name the problems found this year and "
                       "what was done or will be done about each."),
        clause="国办公开办函〔2021〕30号 五（实事求是、明确具体）", forms=ALL_FORMS,
        function="govinfo_cli.checks.text:n2_says_nothing",
    ),
    Check(
        code="years", slug="previous-not-last-year", levels=("warning",), category="cross-year", scope="previous",
        title=N_("last year's report is for the year before"),
        description=N_("--previous names a report that is not for the year before this one; the cross-year "
                       "rules are then not checked (they would only give false errors). Give last year's "
                       "report."),
        clause="条例第四十九条（上一年度）", forms=ALL_FORMS, function=_ACROSS_YEARS,
    ),
    Check(
        code="agency", slug="previous-of-another-agency", levels=("warning",), category="cross-year",
        scope="previous",
        title=N_("last year's report is this agency's"),
        description=N_("--previous names a report whose agency.name differs from this one's; the cross-year rules "
                       "compare an agency with itself, so they are not checked. Give this agency's report for the "
                       "year before (a renamed agency: say so in the text, and compare by hand)."),
        clause="条例第四十九条（本行政机关）", forms=ALL_FORMS, function=_ACROSS_YEARS,
    ),
    Check(
        code="R9", slug="carried-over", levels=("error",), category="cross-year", scope="previous",
        title=N_("上年结转 = last year's 结转下年度继续办理"),
        description=N_("Table 三's 二、上年结转政府信息公开申请数量 equals last year's 四、结转下年度继续办理, "
                       "column by column. govinfo new --from fills it so that it holds from the start."),
        clause="国办公开办函〔2021〕30号 表三 二、四", forms=TABLE_FORMS, function=_ACROSS_YEARS, declared=True,
    ),
    Check(
        code="R7", slug="documents-in-force", levels=("warning",), category="cross-year", scope="previous",
        title=N_("现行有效件数 = last year's + 本年制发件数 − 本年废止件数"),
        description=N_("Form 2021, table 二, for 规章 and 行政规范性文件. Only a warning: a clean-up of old "
                       "documents breaks it legitimately."),
        clause="国办公开办函〔2021〕30号 表二 第二十条第（一）项", forms=("2021",), function=_ACROSS_YEARS,
        declared=True,
    ),
    Check(
        code="R8", slug="published-totals-follow", levels=("warning",), category="cross-year", scope="previous",
        title=N_("form 2019: this year's totals follow from last year's"),
        description=N_("对外公开总数量 = last year's 对外公开总数量 + 本年新公开数量; 上一年项目数量 = last year's "
                       "上一年项目数量 + 本年增/减."),
        clause="国办公开办函〔2019〕60号 表二", forms=("2019",), function=_ACROSS_YEARS, declared=True,
    ),
    Check(
        code="R13", slug="form-compliance", levels=("warning",), category="text", scope="report",
        title=N_("the narrative does what the format asks"),
        description=N_("Form 2021: 一、总体情况 longer than about 1000 characters (x-max-chars); 六、其他需要报告"
                       "的事项 does not mention 信息处理费 (x-must-mention)."),
        clause="国办公开办函〔2021〕30号 一（原则上不超过一千字）、六（收取信息处理费情况在此处报告）",
        forms=("2021",), function="govinfo_cli.checks.text:r13_form_compliance",
    ),
    Check(
        code="R11", slug="text-contradicts-table", levels=("warning",), category="text", scope="report",
        title=N_("figures in the text agree with the tables"),
        description=N_("A figure stated in the narrative (受理/收到申请…件, 予以公开及部分公开…件, …件结转下年度, "
                       "行政复议…件, 行政诉讼…件, 未发生…行政复议, 均获维持; legacy: 主动公开…信息…条, 收到申请…件) "
                       "is not the table's figure. The phrases and the cells they speak of are declared in the "
                       "schema (x-text-figures); a table left blank there is not compared. Real case: Shanghai "
                       "2019 says 予以公开及部分公开 258 while its table gives 272 + 3 = 275."),
        clause="条例第五十条", forms=ALL_FORMS, function="govinfo_cli.checks.text:r11_text_figures",
    ),
    Check(
        code="R14", slug="statistics-period", levels=("warning",), category="dates", scope="report",
        title=N_("a statistics period stated is the calendar year"),
        description=N_("A statistics period stated in the text (…统计…2017年1月1日至2017年12月30日) is not 1月1日 "
                       "to 12月31日 of the report year. Only periods written near the word 统计 are read "
                       "(x-statistics-period)."),
        clause="国办公开办函〔2021〕30号（各项数据核定时间点为报告年度的12月31日）", forms=ALL_FORMS,
        function="govinfo_cli.checks.text:r14_statistics_period",
    ),
    Check(
        code="R16", slug="published-late", levels=("warning",), category="dates", scope="report",
        title=N_("published and filled by the deadline"),
        description=N_("published or agency.filled is after the deadline for the agency's agency.level (x-deadlines: "
                       "department 1月31日, county 2月20日, city 3月10日, province 3月31日 of the next year; legacy "
                       "reports 3月31日), or before the report year ended. Without agency.level the department "
                       "deadline applies."),
        clause="条例第四十九条; 国办公开办函〔2021〕30号 二（二）", forms=ALL_FORMS,
        function="govinfo_cli.checks.text:r16_deadline",
    ),
    Check(
        code="R15", slug="problems-repeated", levels=("warning",), category="diff", scope="diff",
        title=N_("五、存在的主要问题及改进情况 does not repeat last year's"),
        description=N_("Only in govinfo diff: the section is as alike as x-max-similarity (90 %) or more to last "
                       "year's text; the format forbids 年年雷同. The similarity is difflib's ratio on the text "
                       "without white space."),
        clause="国办公开办函〔2021〕30号 五（不得年年雷同）", forms=TABLE_FORMS,
        function="govinfo_cli.checks.diff:r15_problems_repeated",
    ),
)

BY_CODE: dict[str, Check] = {check.code: check for check in CATALOGUE}


def codes(category: str | None = None, scope: str | None = None) -> tuple[str, ...]:
    return tuple(c.code for c in CATALOGUE
                 if (category is None or c.category == category) and (scope is None or c.scope == scope))


def codes_text(codes: tuple[str, ...]) -> str:
    """Codes as a list in prose: ``R7, R8, R9`` (help texts and headings name them from here)."""
    return _(", ").join(sorted(codes, key=_code_order))  # the list separator is 、 in Chinese


def _code_order(code: str) -> tuple[str, int]:
    letters = code.rstrip("0123456789")
    digits = code[len(letters):]
    return (letters, int(digits) if digits else 0)


def cross_year_rules() -> tuple[str, ...]:
    """The codes of the relations between two years' reports (R7, R8, R9)."""
    return tuple(c.code for c in CATALOGUE if c.scope == "previous" and c.declared)


def functions(scope: str) -> Iterator[Callable[[Context], list[Finding]]]:
    """The functions that make the findings of ``scope``, each once, in catalogue order."""
    seen: set[str] = set()
    for check in CATALOGUE:
        if check.scope == scope and check.function not in seen:
            seen.add(check.function)
            yield check.implementation()
