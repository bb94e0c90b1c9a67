"""The rules page (docs/rules.md, docs/rules.zh-CN.md), written from the catalogue.

Run through ``scripts/gen_docs.py``; a test fails when the committed pages are not what
this writes. The Chinese page is the same page through the message catalog.
"""

from __future__ import annotations

from govinfo_cli.checks.catalogue import CATALOGUE, CATEGORIES, Check
from govinfo_cli.i18n import N_, _, current_language, set_language
from govinfo_cli.model.forms import form_index, years_text

CATEGORY_TITLES = {
    "input": N_("Reading and form"),
    "completeness": N_("Completeness"),
    "arithmetic": N_("Arithmetic within a report"),
    "cross-year": N_("Across two years (validate --previous, diff)"),
    "text": N_("The narrative"),
    "dates": N_("Dates"),
    "diff": N_("Only in govinfo diff"),
}

INTRO = (
    N_("Every finding has a code (below), a level — error (the report is wrong and must be corrected before it is "
       "published) or warning (suspicious: look at it, it may be right) — the place (file:line), the key path "
       "(requests.new.total) and the form's own Chinese label."),
    N_("Blank cells (a key left out of the file) are not the same as 0: the file keeps them blank and govinfo "
       "render prints them blank. In arithmetic a blank counts as 0, and a finding names the blank cells that took "
       "part, so an editor can tell \"wrong number\" from \"number not filled in\"."),
    N_("Sums of money (万元) are compared with the precision written: 7730.28 stands for any amount from 7730.275 to "
       "7730.285, so a total that is right up to rounding is not flagged. Counts are compared exactly."),
    N_("This page is generated from the rule catalogue (govinfo_cli/checks/catalogue.py) by scripts/gen_docs.py. "
       "The arithmetic relations themselves are declared as data in schemas/form-*.schema.json (x-rules)."),
)

EXIT_CODES = N_("Exit codes: 0 when no file has an error (warnings allowed); 1 when some file has an error, or a "
                "warning with --strict; 2 when a file could not be read or parsed, or the command line was wrong.")


def _level_text(check: Check) -> str:
    return " / ".join(_(level) for level in check.levels)


def _forms_text(check: Check) -> str:
    names = {info.name: info for info in form_index()}
    return ", ".join(f"{name} ({years_text(names[name])})" for name in check.forms)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_page(language: str) -> str:
    """The whole page in ``language`` (``en`` or ``zh``)."""
    before = current_language()
    set_language(language)
    try:
        return _page()
    finally:
        set_language(before)


def _page() -> str:
    lines = ["# " + _("What govinfo checks"), ""]
    for paragraph in INTRO:
        lines += [_(paragraph), ""]
    for category in CATEGORIES:
        checks = [c for c in CATALOGUE if c.category == category]
        if not checks:
            continue
        lines += ["## " + _(CATEGORY_TITLES[category]), ""]
        heads = [_("code"), _("level"), _("rule")]
        lines += ["| " + " | ".join(heads) + " |", "|---|---|---|"]
        lines += [f"| [`{c.code}`](#{c.code.lower()}) | {_level_text(c)} | {_cell(_(c.title))} |" for c in checks]
        lines.append("")
        level, forms, source, checked = _("Level"), _("Forms"), _("Source"), _("Checked by")
        declared = _("(relations declared in the schemas' x-rules)")
        for check in checks:
            title = _cell(_(check.title))
            lines += [f"### {check.code}", "", f"**{title}** (`{check.slug}`)", "", _(check.description), "",
                      f"- {level}: {_level_text(check)}",
                      f"- {forms}: {_forms_text(check)}",
                      f"- {source}: {check.clause}",
                      f"- {checked}: `{check.function}`" + (" " + declared if check.declared else ""),
                      ""]
    lines += ["## " + _("Exit codes"), "", _(EXIT_CODES), ""]
    return "\n".join(lines)
