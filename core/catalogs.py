"""The site's message catalogs (English, Simplified Chinese), for what is written outside a
request: the e-mails an alert check sends from a job or the command line.

The catalogs live beside the web pages, which hold most of their strings; the pages read them
through Flask-Babel, everything else through `catalog`. Their compiled form (.mo) is built by
`make` (`pybabel compile -d web/translations`) or by `compile_catalogs`, not kept in git.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

TRANSLATIONS = Path(__file__).parents[1] / "web" / "translations"
LANGUAGES = ("en", "zh")  # the UI's languages; English is the catalogs' source language


def compile_catalogs(folder: Path = TRANSLATIONS) -> list[Path]:
    """Compile every messages.po into messages.mo when the .mo is missing or older."""
    written = []
    for po_path in folder.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


@lru_cache(maxsize=len(LANGUAGES))
def catalog(language: str) -> NullTranslations:
    """The catalog of one of `LANGUAGES` (compiled first if it is not yet); English, and any
    other language, reads the texts as they are."""
    if language == "en" or language not in LANGUAGES:
        return NullTranslations()
    compile_catalogs()
    return Translations.load(str(TRANSLATIONS), [language])
