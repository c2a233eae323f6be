"""Prefix suggestions in the shopper's language."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from indexer.suggestions import Name, Suggester, language_of

NAMES = [
    Name("Milkwell", "brand", None),
    Name("Milkwell Infant Formula Stage 1 800g", "product", "en", "Milkwell"),
    Name("Milkwell 婴儿配方奶粉 1段 800克", "product", "zh", "Milkwell"),
    Name("Infant Formula & Baby", "category", "en"),
    Name("Crème hydratante", "product", "fr"),
]


def test_a_prefix_finds_categories_then_brands_then_products_in_the_language():
    suggester = Suggester(NAMES, ["en", "zh"])
    found = suggester.suggest("Inf", "en")
    assert [s.kind for s in found][:1] == ["category"]
    assert "Milkwell Infant Formula Stage 1 800g" in [s.text for s in found]  # after its brand
    assert [s.text for s in suggester.suggest("mil", "zh")] == [
        "Milkwell",
        "Milkwell 婴儿配方奶粉 1段 800克",
    ]
    assert "奶粉" in [s.text for s in suggester.suggest("奶", "zh")]  # the vocabulary's kinds


def test_other_languages_and_empty_prefixes_suggest_nothing():
    suggester = Suggester(NAMES, ["en", "zh"])
    assert suggester.suggest("crème", "en") == []
    assert suggester.suggest("", "en") == [] and suggester.suggest("x", "fr") == []


def test_accents_and_case_do_not_matter():
    suggester = Suggester(NAMES, ["fr"])
    assert [s.text for s in suggester.suggest("CREME h", "fr")] == ["Crème hydratante"]


def test_language_of_a_tag_is_its_primary_subtag():
    assert language_of("zh-HK") == "zh" and language_of("en") == "en"


_ANY = Suggester(NAMES, ["en", "zh"])


@given(st.text(max_size=40), st.sampled_from(["en", "zh", "fr"]))
def test_any_prefix_answers_at_most_the_limit_without_failing(prefix, lang):
    found = _ANY.suggest(prefix, lang, limit=3)
    assert len(found) <= 3 and all(s.kind in ("category", "brand", "product") for s in found)
