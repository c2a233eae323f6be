"""Text that will end up in a URL, a header or a redirect must carry no control characters.

`urllib.parse.urlsplit` silently drops tab, CR and LF, so a URL can pass a scheme-and-host
check and still carry a header-splitting CR/LF; this check runs before any parsing.
"""

from __future__ import annotations

import re

# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


def refuse_control_characters(value: str) -> str:
    """`value` unchanged, or ValueError naming the first control character found."""
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValueError(f"must not contain control characters (found U+{ord(found[0]):04X})")
    return value
