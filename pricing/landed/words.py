"""Words of a breakdown that a page can translate: English text that keeps its template.

Pricing writes the labels, rules and warnings of a breakdown in English: the command line and
the JSON API show them so. A page in another language translates them without pricing knowing
of it (pricing never imports the web): each such text is a `Words`, a `str` (so everything that
reads it as text still does) that also keeps its message `template` and the `values` filled in.
The web looks the template up in its catalog, translates the values that are words themselves,
and fills them in again (`web.formatting.words`). Figures, citations and names from the data
files are values, so one template serves every destination.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


class Words(str):
    """`template % values`, remembering both; `values` may hold `Words` in their turn."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Words:
        self = super().__new__(cls, template % values if values else template)
        self.template = template
        self.values = values
        return self


class Country(str):
    """A country's ISO code among a text's values, which a page writes as the country's name
    in its language ('TW' → '台湾'); everywhere else it reads as the code."""


def message_id(text: str) -> str:
    """The catalog's id for a text: a template with values as it is; a text without values
    with its percent signs doubled ("0% duty" → "0%% duty"), so that every id is a valid
    %-format, which message tools check (and 0% d reads as a placeholder otherwise)."""
    if isinstance(text, Words) and text.values:
        return text.template
    template = text.template if isinstance(text, Words) else text
    return template.replace("%", "%%")


def words_of(exc: BaseException) -> str:
    """An error's message as it was raised: the `Words`, when it is one (so a message built on
    it stays translatable), else its text."""
    message = exc.args[0] if len(exc.args) == 1 else None
    return message if isinstance(message, Words) else str(exc)


def words_in(text: str, templates: Iterable[str]) -> str:
    """A stored English text read back as the `Words` of the first template it was written
    from (so a page can translate it), else the text as it is: a table keeps the English text,
    which every reader of it (command line, exports, old rows) shows as it was."""
    if isinstance(text, Words):
        return text
    for template in templates:
        match = _pattern(template).fullmatch(text)
        if match:
            return Words(template, **match.groupdict())
    return text


@lru_cache(maxsize=64)
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(%\((\w+)\)s|%%)", template)
    pattern = []
    for index in range(0, len(parts), 3):
        pattern.append(re.escape(parts[index]))
        if index + 1 < len(parts):
            name = parts[index + 2]
            pattern.append(f"(?P<{name}>.+?)" if name else "%")
    return re.compile("".join(pattern), re.DOTALL)
