"""Which words may be corrected, and which candidate wins."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.spelling import best, correctable, corrected_text, deletes, one_edit, title_words


@pytest.mark.parametrize(
    ("typed", "known", "expected"),
    [
        ("vitamn", "vitamin", True),  # a letter dropped
        ("vittamin", "vitamin", True),  # one added
        ("moisturiser", "moisturizer", True),  # one changed
        ("headphnoes", "headphones", True),  # two neighbours swapped
        ("vitamin", "vitamin", False),
        ("vtamn", "vitamin", False),
        ("headphnes", "headphone", False),  # two edits
    ],
)
def test_one_edit(typed, known, expected):
    assert one_edit(typed, known) is expected


@given(st.text(alphabet="abcdé", min_size=1, max_size=8), st.data())
def test_every_single_edit_shares_a_deletion_key(word, data):
    i = data.draw(st.integers(0, len(word)))
    letter = data.draw(st.sampled_from("abcdé"))
    variants = {word[:i] + letter + word[i:], word[:i] + word[i + 1 :]}
    if i < len(word):
        variants.add(word[:i] + letter + word[i + 1 :])
    if i + 1 < len(word):
        variants.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    for variant in variants - {word}:
        assert deletes(word) & deletes(variant)
        assert one_edit(variant, word)


def test_only_long_non_cjk_words_are_corrected():
    assert correctable("vitamn") and correctable("crèmes")
    assert not correctable("vitc") and not correctable("保湿クリーム") and not correctable("1000mg")


def test_title_words_are_letters_only_and_long_enough():
    assert title_words("sakura bio 保湿 クリーム spf50+ crème hydratante") == {
        "sakura",
        "crème",
        "hydratante",
    }


def test_the_most_frequent_candidate_wins():
    assert best("cremes", {"creme": 3, "cremas": 9, "crimes": 1}) == "cremas"
    assert best("cremes", {"crumbs": 9}) is None
    assert corrected_text(["vitamn", "c"], {"vitamn": "vitamin"}) == "vitamin c"
