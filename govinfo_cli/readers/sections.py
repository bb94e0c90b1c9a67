"""The narrative: a document's paragraphs shared out among the form's sections by their headings.

Headings are found loosely (:func:`govinfo_cli.readers.labels.similarity` against the
form's title and its ``x-heading-variants``), in the form's order. In a page whose
text ran together into one line, a heading is also found inside a paragraph, where
its own numbering (``一、``) stands before it. The text before the first heading is
the opening paragraph once the page furniture before it (title, date, source,
navigation: lines that are not sentences) is dropped; lines that are not sentences
after the last section's text (``附件下载``, the signature) are dropped too.
"""

from __future__ import annotations

import re
import unicodedata

from govinfo_cli.model.forms import Form
from govinfo_cli.readers.document import Block, Table, is_prose
from govinfo_cli.readers.labels import normalise, numbering, similarity
from govinfo_cli.record import field, record

HEADING = 0.8  # how alike a line must be to a heading
HEADING_LENGTH = 60  # a heading is a short line
_NUMERAL = re.compile(r"[一二三四五六七八九十]+、")
_SUBHEADING = r"[（(][一二三四五六七八九十]+[）)]"  # （一）
# where a run-together page breaks into paragraphs: after a sentence, before a numbered sub-heading
_BREAK = re.compile(rf"(?<=[。！？；])\s+|\s+(?={_SUBHEADING})|(?<=[。！？；：])(?={_SUBHEADING})")
_AGENCY = r"[\u4e00-\u9fff（）()·]{2,40}?"
_YEAR = r"(?:19|20)\d{2}"
# A report's title: 某局2021年…报告, 2021年某局…报告, or 某局…报告（2021年度）.
TITLE = re.compile(rf"(?:(?P<agency>{_AGENCY})\s*(?P<year>{_YEAR})\s*年度?"
                   rf"|(?P<year2>{_YEAR})\s*年度?\s*(?P<agency2>{_AGENCY})"
                   rf"|(?P<agency3>{_AGENCY}))\s*政府信息公开(?:工作)?(?:年度)?报告"
                   rf"(?(agency3)\s*[（(]\s*(?P<year3>{_YEAR})\s*年?度?\s*[）)])")


@record
class Narrative:
    texts: dict[str, str] = field(default_factory=dict)  # section path -> text
    under: dict[str, list[str]] = field(default_factory=dict)  # table key -> the lines under its heading
    furniture: list[str] = field(default_factory=list)  # lines before the report's text (title, date, source)
    trailing: list[str] = field(default_factory=list)  # lines after the last section's text, left out
    headings: dict[str, str] = field(default_factory=dict)  # part path -> the heading as printed
    lines: list[str] = field(default_factory=list)  # every line, for the signature and contact fields


def _kept(ch: str) -> bool:
    return not (ch.isspace() or (ch.isascii() and ch.isalpha())
                or unicodedata.category(ch).startswith(("P", "S")))


def _heading_end(text: str, start: int, variant: str) -> int | None:
    """Where ``variant`` ends if ``text`` continues with it (loosely) from ``start``; else None."""
    want = normalise(variant)
    if not want:
        return None
    seen: list[str] = []
    position = start
    while position < len(text) and len(seen) < len(want):
        ch = unicodedata.normalize("NFKC", text[position])
        if _kept(ch):
            seen.append(ch)
        position += 1
    got = "".join(seen)
    if got == want or (len(want) >= 6 and similarity(got, want) >= 0.9):
        return position
    return None


def _inline(text: str, headings: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    """A paragraph cut before and after each numbered heading that runs on in it."""
    cuts: list[tuple[int, int]] = []
    for match in _NUMERAL.finditer(text):
        for _path, variants in headings:
            if numbering(variants[0]) != match.group(0):
                continue
            ends = [end for v in variants if (end := _heading_end(text, match.end(), v)) is not None]
            if ends:
                cuts.append((match.start(), max(ends)))
                break
    if not cuts:
        return [text]
    pieces: list[str] = []
    position = 0
    for start, end in cuts:
        if start < position:
            continue
        pieces += [text[position:start], text[start:end]]
        position = end
    pieces.append(text[position:])
    return [p.strip() for p in pieces if p.strip()]


def lines_of(blocks: list[Block], form: Form) -> list[str | Table]:
    """The document as lines (paragraphs cut at run-on headings and at sentence breaks) and tables."""
    headings = form.headings()
    out: list[str | Table] = []
    for block in blocks:
        if isinstance(block, Table):
            out.append(block)
            continue
        for piece in _inline(block.text, headings):
            out.extend(p.strip() for p in _BREAK.split(piece) if p and p.strip())
    return out


def _heading_score(line: str, variants: tuple[str, ...]) -> float:
    if len(line) > HEADING_LENGTH or is_prose(line):
        return 0.0
    score = max(similarity(line, v) for v in variants)
    mark = numbering(line)
    if mark:
        score += 0.1 if mark == numbering(variants[0]) else -0.2
    return score


def share_out(lines: list[str | Table], form: Form) -> Narrative:
    narrative = Narrative(lines=[line for line in lines if isinstance(line, str)])
    headings = form.headings()
    current: str | None = None
    next_heading = 0
    before: list[str] = []
    parts: dict[str, list[str]] = {}
    for line in lines:
        if isinstance(line, Table):
            continue
        best, best_index = 0.0, -1
        for index in range(next_heading, len(headings)):
            score = _heading_score(line, headings[index][1])
            if score > best:
                best, best_index = score, index
        if best >= HEADING:
            current = headings[best_index][0]
            narrative.headings[current] = line
            next_heading = best_index + 1
            parts.setdefault(current, [])
            continue
        if current is None:
            before.append(line)
        else:
            parts[current].append(line)
    last = next((path for path, _ in reversed(headings) if path in parts), None)
    if last is not None and last in form.sections:
        body = parts[last]
        while len(body) > 1 and not is_prose(body[-1]) and any(is_prose(b) for b in body[:-1]):
            narrative.trailing.insert(0, body.pop())
    for path, body in parts.items():
        if path in form.sections:
            if body:
                narrative.texts[path] = "\n".join(body)
        else:
            narrative.under[path] = body
    preamble = _preamble(before, narrative.furniture)
    if preamble:
        narrative.texts["text.preamble"] = preamble
    return narrative


def _preamble(before: list[str], furniture: list[str]) -> str:
    """The opening paragraph: the lines before the first heading, the page furniture before it dropped."""
    lines = list(before)
    while lines and not is_prose(lines[0]):
        furniture.append(lines.pop(0))
    if lines:
        title = TITLE.search(lines[0])
        alone = title is not None and lines[0][title.end():title.end() + 1] in ("", " ")  # not quoted in a sentence
        if title is not None and alone and not is_prose(lines[0][:title.start()]):
            furniture.append(lines[0][:title.end()].strip())
            rest = lines[0][title.end():]
            start = len(rest)
            for segment in re.finditer(r"\S+", rest):
                if is_prose(segment.group(0)):
                    start = segment.start()
                    break
                furniture.append(segment.group(0))
            lines[0] = rest[start:].strip()
    return "\n".join(line for line in lines if line)
