"""Guards for the shipped languages: every string the code marks for translation is in the Chinese
catalogues, translated, and none is a fuzzy guess (gettext serves fuzzy entries as untranslated,
and makemessages' guesses are often wrong: it once offered a card-type message for a 2FA prompt).

The scan reads the single-line literals passed to the gettext family in Python and to
``{% translate %}`` in templates: the common case, enough to catch a catalogue that was not
regenerated (``makemessages``) or filled after new strings were added.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("platform", "billing", "tenants")
CATALOGUES = ("zh_Hant", "zh_Hans")
LITERAL = r'"((?:[^"\\]|\\.)*)"(?=\s*[,)%])'  # a whole literal (not the start of a concatenation)
PYTHON = re.compile(
    r"\b(?:_|gettext|gettext_lazy|ngettext|ngettext_lazy)\(\s*"
    + LITERAL
    + r"|\bp(?:gettext|gettext_lazy)\(\s*"
    + LITERAL
    + r",\s*"
    + LITERAL
)
TEMPLATE = re.compile(r"{%\s*(?:translate|trans)\s+" + LITERAL)


def _marked() -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for source in SOURCES:
        for path in (ROOT / source).rglob("*"):
            if "migrations" in path.parts or "locale" in path.parts:
                continue
            if path.suffix == ".py":
                for plain, context, message in PYTHON.findall(path.read_text()):
                    found.add((context, _unescape(message)) if context else (None, _unescape(plain)))
            elif path.suffix in (".html", ".txt"):
                found.update((None, _unescape(m)) for m in TEMPLATE.findall(path.read_text()))
    found.discard((None, ""))
    return found


def _unescape(text: str) -> str:
    return text.encode().decode("unicode_escape").encode("latin-1").decode() if "\\" in text else text


def test_the_scan_finds_the_strings_it_should():
    marked = _marked()
    assert (None, "Choose an active store.") in marked  # gettext in a service
    assert ("store", "code") in marked  # pgettext on a model field
    assert len(marked) > 500


@pytest.mark.parametrize("language", CATALOGUES)
def test_chinese_catalogues_translate_every_marked_string(language):
    catalogue = polib.pofile(str(ROOT / "platform" / "locale" / language / "LC_MESSAGES" / "django.po"))
    entries = {(e.msgctxt, e.msgid): e for e in catalogue if not e.obsolete}
    fuzzy = sorted(msgid for (_ctx, msgid), e in entries.items() if "fuzzy" in e.flags)
    assert not fuzzy, f"fuzzy guesses in {language}: {fuzzy}"
    untranslated = sorted(
        msgid for (_ctx, msgid), e in entries.items() if not e.msgstr and not any(e.msgstr_plural.values())
    )
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    missing = sorted(f"{ctx or ''}|{msgid}" for ctx, msgid in _marked() if (ctx, msgid) not in entries)
    assert not missing, f"not in the {language} catalogue (run makemessages, then translate): {missing}"
