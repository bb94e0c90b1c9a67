"""Messages not yet in words, and numbers as govinfo writes them.

A finding, a load error or a notice carries its message as a :class:`Msg` — the
English template (the gettext message id) and its arguments — not as words: the
words are made when it is written out, in the language chosen then. JSON output
gives the template and the arguments beside the rendered message, so a program
reads the figures without parsing prose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from govinfo_cli import i18n
from govinfo_cli.i18n import N_, Nn_, _, ngettext
from govinfo_cli.record import field, record

Number = int | Decimal
TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from typing import Any, Union

    Arg = Union[str, int, Decimal, "Msg", "Sum", list[Any]]  # noqa: UP007  # a list: of str and Msg (joined 、), or of Addend (a sum)


@record(slots=True)  # not frozen: a finding makes several, and a frozen one is slow to make
class Msg:
    """A message not yet in words: a template marked for the catalog, and its arguments.

    An argument may itself be a :class:`Msg` (translated too) or a list of them (joined
    with 、). Numbers are written as :func:`format_number` writes them.
    """

    template: str
    args: Mapping[str, Arg] = field(default_factory=dict)
    plural: str | None = None  # the English plural of ``template`` (the singular): ``args["count"]`` chooses

    @classmethod
    def counted(cls, forms: tuple[str, str], args: Mapping[str, Arg]) -> Msg:
        """A message of ``args["count"]`` things, from its singular and plural (marked with Nn_)."""
        return cls(forms[0], args, forms[1])

    @property
    def english(self) -> str:
        """The English template this message is written with (the plural one for a count other than 1)."""
        count = self.args.get("count")
        return self.plural if self.plural is not None and count != 1 else self.template

    def render(self) -> str:
        if self.plural is None:
            text = _(self.template)
            if not self.args and "{" not in text and "}" not in text:  # a rule's title, a reason: nothing to fill
                return text
        else:
            count = self.args["count"]
            text = ngettext(self.template, self.plural, count if isinstance(count, int) else 2)
        return text.format_map({k: _render_arg(v) for k, v in self.args.items()})

    def to_json(self) -> dict[str, Any]:
        return {"template": self.english, "args": {k: _json_arg(v) for k, v in self.args.items()}}


@record(slots=True)
class Addend:
    """A term of a sum as a finding shows it: ``一、本年新收… 120``, ``− 本年废止件数 3``, or blank."""

    label: str | Msg
    value: Number | None  # None: the cell is blank (counted as 0)
    sign: int = 1

    def to_json(self) -> dict[str, Any]:
        label = self.label.to_json() if isinstance(self.label, Msg) else self.label
        return {"label": label, "value": json_number(self.value), "sign": self.sign}


LONG_SUM = 6  # a side with more terms shows the non-zero ones and counts the zeros
COUNTED_ZEROS = Nn_("{count} more cell of", "{count} more cells of")


class Terms:
    """The terms of one side of a rule as its findings show them: (label, sign) of each, and in each language
    the labels in words and the side's format string (a field for each value, then one for the total),
    made when first needed. One object serves every finding of the rule."""

    __slots__ = ("pairs", "words")

    def __init__(self, pairs: tuple[tuple[str | Msg, int], ...]) -> None:
        self.pairs = pairs
        self.words: dict[str, tuple[list[str], str]] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Terms) and self.pairs == other.pairs

    __hash__ = None  # type: ignore[assignment]  # a label may be a Msg, which is not hashable

    def in_words(self) -> tuple[list[str], str]:
        """The labels and the format string in the current language."""
        language = i18n.current_language()
        words = self.words.get(language)
        if words is None:
            labels = [label if type(label) is str else label.render() for label, _sign in self.pairs]  # type: ignore[union-attr]
            fields = _signed((label.replace("{", "{{").replace("}", "}}") + f" {{{index}}}", sign)
                             for index, (label, (_label, sign)) in enumerate(zip(labels, self.pairs, strict=True)))
            if len(labels) > 1:
                fields = _("{terms} = {total}").format_map({"terms": fields, "total": f"{{{len(labels)}}}"})
            words = self.words[language] = (labels, fields)
        return words


@record(slots=True)
class Sum:
    """One side of a relation as a finding shows it: its terms with their values, and with several terms
    their total. It stands for the message argument :meth:`arg` gives (a list of :class:`Addend`, or
    "{terms} = {total}") and is worded and written to JSON exactly as that would be. A report with many
    findings shows hundreds of terms: this is one object a side, worded by its terms' format string.
    """

    terms: Terms
    values: list[Number | None]  # None: the cell is blank
    total: Number
    whole: bool = False  # every value and the total a whole number (int) or None: written as str() writes them

    def arg(self) -> list[Addend] | Msg:
        pairs = self.terms.pairs
        addends = [Addend(label, value, sign) for (label, sign), value in zip(pairs, self.values, strict=True)]
        if len(addends) > LONG_SUM:
            zeros = sum(a.value == 0 for a in addends)
            addends = [a for a in addends if a.value != 0]
            if zeros:
                addends.append(Addend(Msg.counted(COUNTED_ZEROS, {"count": zeros}), 0))
        if len(pairs) == 1:
            return addends
        return Msg(N_("{terms} = {total}"), {"terms": addends, "total": self.total})

    def render(self) -> str:
        labels, fields = self.terms.in_words()
        blank = _(BLANK)
        if self.whole and len(self.values) <= LONG_SUM:  # str.format writes the numbers (as str() does)
            if None in self.values:
                return fields.format(*[blank if value is None else value for value in self.values], self.total)
            return fields.format(*self.values, self.total)
        shown = [_written(value, blank) for value in self.values]
        if len(shown) == 1:
            return fields.format(*shown)
        if len(shown) > LONG_SUM and 0 in self.values:  # the zeros are left out, and counted
            kept = [(f"{label} {words}", sign) for label, words, (_label, sign), value
                    in zip(labels, shown, self.terms.pairs, self.values, strict=True) if value != 0]
            zeros = len(shown) - len(kept)
            kept.append((Msg.counted(COUNTED_ZEROS, {"count": zeros}).render() + " 0", 1))
            return _("{terms} = {total}").format(terms=_signed(kept), total=_render_arg(self.total))
        shown.append(_render_arg(self.total))
        return fields.format(*shown)


def _render_sum(terms: list[Addend]) -> str:
    blank = _(BLANK)
    return _signed(((term.label if type(term.label) is str else term.label.render())  # type: ignore[union-attr]
                    + " " + _written(term.value, blank), term.sign) for term in terms)


def _written(value: Number | None, blank: str) -> str:
    """A term's value as a sum shows it: ``blank`` for a blank cell."""
    return blank if value is None else str(value) if type(value) is int else format_number(value)


def _signed(terms: Iterable[tuple[str, int]]) -> str:
    """Terms and their signs as a sum reads: ``a + b − c``, ``−a + b``."""
    text = " ".join(("− " if sign < 0 else "+ ") + term for term, sign in terms)
    return text[2:] if text.startswith("+ ") else "−" + text[2:]


BLANK = N_("(blank)")  # how a blank cell's value reads in a sum


def _render_arg(value: Arg) -> Any:
    kind = type(value)  # the usual types first, by identity: a finding renders dozens of arguments
    if kind is str:
        return value
    if kind is int:
        return str(value)
    if kind is Msg or kind is Sum:
        return value.render()  # type: ignore[union-attr]
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, Msg):
        return value.render()
    if isinstance(value, list):
        if value and type(value[0]) is Addend and all(isinstance(v, Addend) for v in value):
            return _render_sum(value)
        return "、".join(str(_render_arg(v)) for v in value)
    return value


def _json_arg(value: Arg) -> Any:
    if isinstance(value, Sum):
        return _json_arg(value.arg())
    if isinstance(value, (Msg, Addend)):
        return value.to_json()
    if isinstance(value, list):
        return [_json_arg(v) for v in value]
    if isinstance(value, Decimal):
        return json_number(value)
    return value


def json_number(value: Number | None) -> int | float | None:
    if value is None or isinstance(value, int):
        return value
    exponent = value.as_tuple().exponent
    whole = value == value.to_integral_value() and isinstance(exponent, int) and exponent >= 0
    return int(value) if whole else float(value)


def format_number(value: Number) -> str:
    """Counts as integers, money with the decimals it was written with."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def recognise(text: str, templates: Iterable[str]) -> Msg | None:
    """``text``, an outside library's English message, as a :class:`Msg` of the first of ``templates``
    (messages of our catalog written like it, ``{name}`` standing for a part) that it matches, or None.

    A part that is itself such a message is recognised too, so that it is translated with the rest.
    """
    templates = tuple(templates)
    for template in templates:
        match = _pattern(template).fullmatch(text)
        if match:
            return Msg(template, {name: recognise(part, templates) or part for name, part in match.groupdict().items()})
    return None


_PATTERNS: dict[str, Any] = {}


def _pattern(template: str) -> Any:  # re.Pattern: re is imported only on this path, which errors take
    import re

    if template not in _PATTERNS:
        pieces = re.split(r"\{(\w+)\}", template)
        _PATTERNS[template] = re.compile("".join(re.escape(piece) if index % 2 == 0 else f"(?P<{piece}>.+?)"
                                                 for index, piece in enumerate(pieces)), re.S)
    return _PATTERNS[template]
