"""Matching what a document prints against the form's labels and headings, loosely.

Agencies number, space and word their labels differently and make typos. A label is
compared after NFKC normalisation with its numbering (``一、`` ``（三）`` ``2.``
``其中：``), whitespace, punctuation and Latin letters removed; two labels are
alike by difflib's ratio of matching characters.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from functools import lru_cache

_NUMBERING = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十]+[）)、．.]|[（(]\d+[）)]|\d+\s*[、．.](?!\d)|[（(]?[一二三四五六七八九十]+[）)])\s*")
_OF_WHICH = re.compile(r"^其中\s*[:：]?")
_DROP = re.compile(r"[\sA-Za-z]+")


@lru_cache(maxsize=8192)
def normalise(label: str) -> str:
    """A label reduced to what identifies it: ``（三）不予公开`` and ``三、 不予 公开`` give ``不予公开``."""
    text = unicodedata.normalize("NFKC", label).strip()
    for _ in range(3):  # numbering can be stacked: 三、（一）
        stripped = _OF_WHICH.sub("", _NUMBERING.sub("", text))
        if stripped == text:
            break
        text = stripped
    text = _DROP.sub("", text)
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "S")))


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """How alike two labels are, 0 to 1 (1: the same after :func:`normalise`)."""
    left, right = normalise(a), normalise(b)
    if left == right:
        return 1.0 if left else 0.0
    if not left or not right:
        return 0.0
    return difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()


@lru_cache(maxsize=65536)
def similarity_bound(a: str, b: str) -> float:
    """An upper bound of :func:`similarity` at a fraction of its cost: the share of characters the two
    labels have in common in any order (difflib's quick_ratio). The mapping scores exactly only the
    labels whose bound can reach the best."""
    left, right = normalise(a), normalise(b)
    if left == right:
        return 1.0 if left else 0.0
    if not left or not right:
        return 0.0
    common = sum((_characters(left) & _characters(right)).values())
    return 2.0 * common / (len(left) + len(right))  # as difflib works out a ratio: never below similarity's


@lru_cache(maxsize=8192)
def _characters(label: str) -> Counter[str]:
    return Counter(label)


def numbering(label: str) -> str:
    """The numbering a label starts with (``3.`` of ``3.危及“三安全一稳定”``), or ''."""
    match = _NUMBERING.match(unicodedata.normalize("NFKC", label))
    return match.group(0).strip() if match else ""
