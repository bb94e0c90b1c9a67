"""Who published the report and when: agency and year from the title, level from the agency's
name, the signature fields (单位负责人, 联系电话, 填报日期 …) from the lines that carry them."""

from __future__ import annotations

import itertools
import re

from govinfo_cli.readers.document import is_prose, parse_date
from govinfo_cli.readers.sections import TITLE

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from govinfo_cli.model.forms import AgencyField

# 省级: the provinces and autonomous regions, and the four municipalities directly under the
# central government (直辖市), whose 人民政府 is provincial though its name ends in 市.
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PROVINCE_ENDS = ("省", "自治区", "特别行政区")
_COUNTY_ENDS = ("县", "区", "旗", "自治县", "自治旗", "林区", "特区")
_DEPARTMENT_ENDS = ("局", "厅", "委员会", "委", "办公室", "办公厅", "办", "中心", "署", "处", "所", "站", "院", "馆",
                    "队", "部", "会", "社", "行")
_GOVERNMENT = re.compile(r"(?:人民)?政府$")


def title_of(candidates: list[str]) -> tuple[str, int, str] | None:
    """The agency, the year and the line they were read from: the first line (or two lines read as one)
    that is a report title (``<机关><年>年政府信息公开工作年度报告`` or ``<年>年<机关>…``)."""
    lines = [c for c in candidates if c and not is_prose(c)]
    tries = lines + [a + b for a, b in itertools.pairwise(lines)]
    for line in tries:
        match = TITLE.search("".join(line.split()))
        if match is None:
            continue
        agency = match.group("agency") or match.group("agency2") or match.group("agency3")
        year = match.group("year") or match.group("year2") or match.group("year3")
        return agency, int(year), match.group(0)
    return None


def level_of(name: str) -> tuple[str, str] | None:
    """The agency's level, from its name, with the reason; None when the name does not tell.

    A 人民政府 of a 省 (or 直辖市) is province, of a 县/区/旗 county; a named office, bureau,
    commission… is a department. A 市人民政府 may be a 设区的市 (city) or a 县级市 (county):
    the name alone does not tell.
    """
    stem = _GOVERNMENT.sub("", name)
    if stem != name:
        if stem.endswith(_PROVINCE_ENDS) or stem in _MUNICIPALITIES:
            return "province", "省级人民政府"
        if stem.endswith(_COUNTY_ENDS):
            return "county", f"县级人民政府（{stem[-1]}）"
        return None
    if name.endswith(_DEPARTMENT_ENDS):
        end = next(end for end in sorted(_DEPARTMENT_ENDS, key=len, reverse=True) if name.endswith(end))
        return "department", f"政府部门（{end}）"
    return None


def signature(lines: list[str], fields: dict[str, AgencyField]) -> dict[str, str]:
    """The agency fields a line states as ``<title>：<value>`` (the legacy 统计表's signature line)."""
    titles = {key: spec.title for key, spec in fields.items() if key != "name" and not spec.choices}
    alternatives = "|".join(re.escape(t) for t in titles.values() if t)
    found: dict[str, str] = {}
    for line in lines:
        if is_prose(line):
            continue
        for key, title in titles.items():
            match = re.search(rf"{re.escape(title)}\s*[:：]\s*(.*?)\s*(?=(?:{alternatives})\s*[:：]|$)", line)
            if match and match.group(1) and key not in found:
                value = match.group(1)
                if fields[key].date:
                    date = parse_date(value)
                    if date is None:
                        continue
                    value = date.isoformat()
                found[key] = value
    return found


_PHONE = re.compile(r"电话(?:\s*[/／]\s*传真)?\s*[:：]\s*((?:\d[\d\-－—() （）]{5,}\d))")


def phone_in(text: str) -> str | None:
    """A telephone number the text gives (``电话：0517-87290606``, ``电话/传真：…``)."""
    match = _PHONE.search(text)
    return match.group(1).strip() if match else None
