"""Where a heading may break its line: between words, never inside one.

Chinese is written without spaces, and browsers and terminals break it between any two
characters: a narrow column head reads 商业企/业, 结果维/持. The forms' titles are made of
the words listed in ``schemas/title-words.json`` (read by the form model); a title is cut
into them, longest word first, and a line may break only between two pieces. Punctuation
stays with its word (a closing mark with the word before it, an opening one with the word
after it), an ordinal such as ``1.`` or ``（三）`` with what it numbers or stands alone, and
a run of letters or digits is one piece. Text the words do not cover (a narrative, an agency
name) breaks between any two of its characters, as Chinese does.
"""

from __future__ import annotations

import re

from govinfo_cli.model.forms import title_words

CLOSING = set("，。、；：？！）》」』】〕”’,.;:?!)]%·")  # never the first character of a line
OPENING = set("（《「『【〔“‘([")  # never the last
_CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_OTHER = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,%/_-]*|.", re.S)


def pieces(text: str) -> list[str]:
    """``text`` cut into the pieces a line may break between (joined, they are ``text``)."""
    tokens: list[str] = []
    position = 0
    for run in _CHINESE.finditer(text):
        tokens += _OTHER.findall(text[position:run.start()])
        tokens += _words(run.group())
        position = run.end()
    tokens += _OTHER.findall(text[position:])
    out: list[str] = []
    opening = ""
    for token in tokens:
        if token in OPENING or (token[0].isdigit() and token.endswith(".")):  # goes with what follows
            opening += token
        elif out and not opening and token[0] in CLOSING:
            out[-1] += token
        else:
            out.append(opening + token)
            opening = ""
    if opening:
        out.append(opening)
    return out


def _words(run: str) -> list[str]:
    """A run of Chinese characters as words of the forms' titles, longest first; other characters one by one."""
    words = title_words()
    longest = max(map(len, words))
    out = []
    start = 0
    while start < len(run):
        for end in range(min(len(run), start + longest), start, -1):
            if run[start:end] in words or end == start + 1:
                out.append(run[start:end])
                start = end
                break
    return out
