"""Control characters in text bound for URLs and headers are found and refused by name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.text_safety import has_control_characters, refuse_control_characters


@pytest.mark.parametrize(
    ("char", "code"),
    [("\r", "000D"), ("\n", "000A"), ("\t", "0009"), ("\x00", "0000"), ("\x7f", "007F"),
     ("\x85", "0085"), ("\u2028", "2028"), ("\u2029", "2029")],
)  # fmt: skip
def test_each_control_character_is_refused_by_its_code_point(char, code):
    value = f"https://shop.example/{char}Set-Cookie: x"
    assert has_control_characters(value)
    with pytest.raises(ValueError, match=f"found U\\+{code}"):
        refuse_control_characters(value)


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))))
def test_text_without_them_passes_unchanged(value):
    assert not has_control_characters(value)
    assert refuse_control_characters(value) is value
