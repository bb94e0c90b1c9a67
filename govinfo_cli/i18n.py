"""Messages in Chinese or English, through gettext catalogs.

Message ids are English. The Chinese catalog lives in
``govinfo_cli/locale/zh_CN/LC_MESSAGES/govinfo.mo`` (compiled from the .po beside
it). The language is chosen from ``--lang``, else the locale variables
(LC_ALL, LC_MESSAGES, LANG: Chinese when one starts with ``zh``).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from gettext import NullTranslations

DOMAIN = "govinfo"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
LANGUAGES = ("zh", "en")


class English:
    """English, the language of the message ids: gettext's NullTranslations, without importing gettext (whose
    import compiles a regular expression: an English start need not pay for it)."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return singular if count == 1 else plural


_translation: NullTranslations | English | None = None
_language: str | None = None
_words: dict[str, str] = {}  # each message in the chosen language, as looked up (a finding's words recur)


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    environ = dict(os.environ) if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(language: str | None) -> str:
    """Choose the message language (``zh`` or ``en``; None: from the environment)."""
    global _translation, _language
    chosen = language or language_from_environment()
    if chosen != _language:
        _language = chosen
        _words.clear()
        if chosen == "zh":
            import gettext

            _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"], fallback=True)
        else:
            _translation = English()
    return chosen


def translate_typer(language: str) -> None:
    """Send Typer's own messages (help headings, "default: …") through our catalog too.

    They go through the process-wide gettext domain, so only the program does this
    (govinfo_cli.entry), never a library caller.
    """
    import gettext

    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "zh_CN" if language == "zh" else "en"


def current_language() -> str:
    return _language or set_language(None)


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it (it is translated later, with _)."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with a plural form for the catalog without translating it (see Msg.counted)."""
    return singular, plural


def _(message: str) -> str:
    words = _words.get(message)
    if words is None:
        if _translation is None:
            set_language(None)
        assert _translation is not None
        words = _words[message] = _translation.gettext(message)
    return words


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message for ``count`` things: English "1 error" / "2 errors"; Chinese has one form."""
    if _translation is None:
        set_language(None)
    assert _translation is not None
    return _translation.ngettext(singular, plural, count)
