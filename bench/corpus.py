"""A corpus of varied, invented reports for the benchmark and the batch tests.

All three forms; about half of the files are consistent (their sums hold), the
rest carry one to three of the defects real reports have or editors make: a
wrong total, a negative or fractional count, text in a number cell, an unknown
or missing key, an empty section, a bad date or level, blank cells, a filled
header row, a late publication date, a wrong statistics period, broken TOML,
an unknown form, a file that is not UTF-8. Numbers come from the forms' own
rules (``x-rules``), so the corpus follows the schemas as they change.

    python bench/corpus.py FOLDER [COUNT] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govinfo_cli.model.forms import FORMS, Cell, Form, Rule, load_form  # noqa: E402

Value = int | Decimal | str | None

CITIES = ["青山市", "临江县", "东湖区", "白沙镇", "南岭市", "西河县", "北原区", "云台市", "石门县", "长宁区"]
OFFICES = ["财政局", "教育局", "自然资源局", "生态环境局", "交通运输局", "卫生健康委员会", "市场监督管理局",
           "人民政府办公室", "住房和城乡建设局", "农业农村局", "人力资源和社会保障局", "应急管理局"]
SENTENCES = [
    "{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，不断推进决策、执行、管理、服务、结果公开。",
    "本年度报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    "围绕中心工作，主动公开政策文件、规划计划、财政预决算等信息，及时回应社会关切。",
    "依申请公开工作规范有序，严格按照法定时限答复，全年未发生因信息公开引发的重大舆情。",
    "加强政府网站和政务新媒体管理，更新栏目设置，提升信息发布的及时性和准确性。",
    "组织开展政府信息公开业务培训，提高工作人员的业务能力和依法公开意识。",
    "存在的问题主要是部分信息更新不够及时，政策解读形式较为单一。",
    "下一步将进一步完善公开工作机制，丰富解读形式，提升公开质量。",
    "本机关未收取信息处理费。",
    "如对本报告有疑问，请与本机关办公室联系。",
]
DEFECTS = ["arith", "arith", "arith", "negative", "string", "fraction", "unknown_key", "missing_required",
           "empty_text", "bad_date", "bad_level", "blank", "header", "late", "period", "syntax", "wrong_form",
           "not_utf8"]


@dataclass
class Entry:
    path: Path
    form: str  # the schema the file was written for
    defects: list[str]


# --------------------------------------------------------------------------- numbers that follow the rules


class Numbers:
    """Cell values (None: blank) made consistent with a form's rules of this year."""

    def __init__(self, form: Form, rng: random.Random) -> None:
        self.form = form
        self.rng = rng
        self.rules = [r for r in form.rules if not r.cross_year]
        self.headers = {r.lhs[0].path: r for r in self.rules if r.kind == "header"}
        self.values: dict[str, Value] = {}
        scale = rng.choice([3, 20, 200, 2000])
        for path, cell in form.cells.items():
            if cell.header:
                self.values[path] = None
            elif cell.type == "money":
                self.values[path] = Decimal(rng.randint(0, scale * 100)).scaleb(-rng.choice([2, 2, 4]))
            elif cell.type == "signed":
                self.values[path] = rng.randint(-scale // 10, scale)
            else:
                self.values[path] = 0 if rng.random() < 0.3 else rng.randint(0, scale)
        self.settle()

    def value(self, path: str) -> Any:
        header = self.headers.get(path)
        if header is not None and header.rhs:
            return self.side(header.rhs)
        value = self.values.get(path)
        return value if isinstance(value, (int, Decimal)) else 0

    def side(self, terms: Any) -> Any:
        return sum((t.sign * self.value(t.path) for t in terms), start=0)

    def holds(self, rule: Rule) -> bool:
        left, right = self.side(rule.lhs), self.side(rule.rhs)
        return left <= right if rule.op == "<=" else left == right

    def fix(self, rule: Rule) -> None:
        left, right = self.side(rule.lhs), self.side(rule.rhs)
        if rule.op == "<=":
            target = rule.lhs[0].path
            self.values[target] = max(0, self.value(target) - (left - right))
        elif len(rule.lhs) == 1:
            self.values[rule.lhs[0].path] = self.value(rule.lhs[0].path) + (right - left)
        else:  # a + b = c + d: d takes up the difference; if it would go negative, a grows instead
            last = rule.rhs[-1].path
            wanted = self.value(last) + (left - right)
            if wanted >= 0:
                self.values[last] = wanted
            else:
                self.values[last] = 0
                first = rule.lhs[0].path
                self.values[first] = self.value(first) - wanted

    def settle(self) -> None:
        relations = [r for r in self.rules if r.kind == "relation"]
        for _ in range(50):
            broken = [r for r in relations if not self.holds(r)]
            if not broken:
                return
            for rule in broken:
                self.fix(rule)
        raise RuntimeError(f"form {self.form.name}: the generated numbers do not settle")


# --------------------------------------------------------------------------- the file


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _literal(value: Value) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return _toml_string(value)
    return str(value)


def _paragraphs(rng: random.Random, year: int, agency: str, sentences: int) -> str:
    return "".join(rng.choice(SENTENCES).format(year=year, agency=agency) for _ in range(sentences))


def write_report(form: Form, numbers: dict[str, Value], fields: dict[str, Any], texts: dict[str, str],
                 extra: dict[str, str], drop: set[str]) -> str:
    lines = [f"# {form.title}", f"# {fields['year']}年度政府信息公开工作年度报告（生成的测试数据）", ""]
    for key in ("form", "year", "published"):
        if key in fields and key not in drop:
            lines.append(f"{key} = {fields[key]}")
    lines += ["", "[agency]"]
    for key, value in fields["agency"].items():
        lines.append(f"{key} = {value}")
    lines += ["", "[text]"]
    for key, text in texts.items():
        if f"text.{key}" not in drop:
            lines.append(f'{key} = """\n{text}\n"""')
    by_parent: dict[str, list[Cell]] = {}
    for cell in form.cells.values():
        by_parent.setdefault(cell.path.rpartition(".")[0], []).append(cell)
    for parent, cells in by_parent.items():
        lines += ["", f"[{parent}]  # {form.label(parent)}"]
        for cell in cells:
            value = numbers.get(cell.path)
            if value is None:
                continue  # blank
            lines.append(f"{cell.key} = {_literal(value)}".ljust(28) + f"  # {cell.title}")
        if parent in extra:
            lines.append(extra[parent])
    return "\n".join(lines) + "\n"


def make_report(rng: random.Random, form_name: str, defects: list[str], year: int | None = None) -> bytes:
    form = load_form(form_name)
    year = year or rng.randint(form.first_year, min(form.last_year, form.first_year + 9))
    numbers = Numbers(form, rng).values
    agency_name = rng.choice(CITIES) + rng.choice(OFFICES)
    level = rng.choice(list(form.deadlines))
    deadline = form.deadlines[level]
    published = f"{year + 1}-{rng.choice(['01', '01', '02', '03'])}-{rng.randint(10, 28):02d}"
    if f"{published[5:]}" > deadline:
        published = f"{year + 1}-01-{rng.randint(10, 28):02d}"
    fields: dict[str, Any] = {
        "form": _toml_string(form_name), "year": str(year),
        "published": published if rng.random() < 0.5 else _toml_string(published),
        "agency": {"name": _toml_string(agency_name), "level": _toml_string(level),
                   "phone": _toml_string(f"0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}"),
                   "preparer": _toml_string("王某某")},
    }
    texts = {}
    for section in form.sections.values():
        length = rng.choice([2, 4, 8, 12, 20]) if section.key != "preamble" else 2
        text = _paragraphs(rng, year, agency_name, length)
        if section.key == "other" and form_name == "2021" and "信息处理费" not in text:
            text += "本年度未收取信息处理费。"
        texts[section.key] = text
    extra: dict[str, str] = {}
    drop: set[str] = set()
    count_cells = [c.path for c in form.cells.values() if c.type == "count" and not c.header]
    relation_cells = sorted({t.path for r in form.rules if r.kind == "relation" and r.level == "error"
                             and not r.cross_year for t in r.terms})
    for defect in defects:
        if defect == "arith" and relation_cells:
            path = rng.choice(relation_cells)
            current = numbers.get(path)
            # a cell another defect made a string stays that string
            if current is None or isinstance(current, (int, Decimal)):
                numbers[path] = (current or 0) + rng.choice([1, 2, 3, 10, 100])
        elif defect == "negative":
            numbers[rng.choice(count_cells)] = -rng.randint(1, 9)
        elif defect == "string":
            numbers[rng.choice(count_cells)] = rng.choice(["12", "无", "——", ""])
        elif defect == "fraction":
            numbers[rng.choice(count_cells)] = Decimal("3.5")
        elif defect == "unknown_key":
            parent = rng.choice(count_cells).rpartition(".")[0]
            extra[parent] = "totl = 3"
        elif defect == "missing_required":
            drop.add(rng.choice(["text.overview", "text.problems", "year"]))
        elif defect == "empty_text":
            key = rng.choice([s.key for s in form.sections.values() if s.required])
            texts[key] = ""
        elif defect == "bad_date":
            fields["published"] = _toml_string(rng.choice([f"{year + 1}-13-45", f"{year + 1}年1月20日", "2023/1/5"]))
        elif defect == "bad_level":
            fields["agency"]["level"] = _toml_string("ministry")
        elif defect == "blank":
            for path in rng.sample(count_cells, k=min(5, len(count_cells))):
                numbers[path] = None
        elif defect == "header":
            headers = [c.path for c in form.cells.values() if c.header]
            if headers:
                numbers[rng.choice(headers)] = rng.randint(0, 50)
        elif defect == "late":
            fields["published"] = f"{year + 1}-06-30"
        elif defect == "period":
            texts[next(iter(texts))] += f"本报告统计期限为{year}年1月1日至{year}年12月30日。"
    text = write_report(form, numbers, fields, texts, extra, drop)
    if "wrong_form" in defects:
        text = text.replace(f"form = {_toml_string(form_name)}", 'form = "2020"', 1)
    if "syntax" in defects:
        lines = text.splitlines(keepends=True)
        index = rng.randrange(len(lines) // 2, len(lines))
        lines[index] = "total = = 3\n"
        text = "".join(lines)
    if "not_utf8" in defects:
        return text.encode("gb18030")
    return text.encode("utf-8")


KINDS = ("varied", "clean", "mix", "heavy")


def planned_defects(kind: str, index: int, rng: random.Random, kinds: list[str], broken: float) -> list[str]:
    """The defects of the ``index``-th report of a corpus of ``kind``.

    varied: ``broken`` of the reports with one to three defects of any kind (the batch tests' corpus);
    clean: none; mix: a third clean, a third with one wrong cell, a third with two (a realistic batch);
    heavy: many wrong cells in every report (some 40 findings each).
    """
    if kind == "clean":
        return []
    if kind == "mix":
        return ["arith"] * (index % 3)
    if kind == "heavy":
        return ["arith"] * 48
    return [] if rng.random() < 1 - broken else rng.sample(kinds, k=rng.choice([1, 1, 2, 3]))


def generate(folder: Path, count: int, seed: int = 2024, exclude: tuple[str, ...] = (), form: str | None = None,
             year: int | None = None, broken: float = 0.5, kind: str = "varied") -> list[Entry]:
    """Write ``count`` reports into ``folder`` (in sub-folders by form); a fixed seed gives the same files.

    ``exclude`` leaves out defects (the benchmark leaves out "not_utf8": check-jsonschema stops on such a file).
    ``form`` and ``year`` fix the form and the year (for sums); ``broken`` is the share of reports with defects
    in a ``varied`` corpus; ``kind`` (:data:`KINDS`) chooses the defects (see :func:`planned_defects`).
    """
    rng = random.Random(seed)
    defect_kinds = [d for d in DEFECTS if d not in exclude]
    entries = []
    for index in range(count):
        form_name = form or rng.choices(FORMS, weights=[2 if name == FORMS[-1] else 1 for name in FORMS])[0]
        defects = planned_defects(kind, index, rng, defect_kinds, broken)
        path = folder / f"form-{form_name}" / f"report-{index:05d}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make_report(rng, form_name, defects, year))
        entries.append(Entry(path=path, form=form_name, defects=defects))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a corpus of invented reports.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--seed", type=int, default=2024)
    options = parser.parse_args()
    entries = generate(options.folder, options.count, options.seed)
    print(f"{len(entries)} reports in {options.folder}")


if __name__ == "__main__":
    main()
