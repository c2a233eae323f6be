"""The bundled vocabulary and how documents get their concept tags."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.samples.vocabulary import CATEGORIES
from crawler.samples.vocabulary import LANGUAGES as STORE_LANGUAGES
from indexer.concepts import LANGUAGES, fold, latin_key, load, priced_category, token, vocabulary


def test_every_concept_is_named_in_all_seven_languages():
    for concept in vocabulary().concepts.values():
        assert set(concept.forms) == set(LANGUAGES), concept.id
        assert all(concept.forms[lang] for lang in LANGUAGES), concept.id


@pytest.mark.parametrize(
    ("title", "category", "brand", "expected"),
    [
        ("Milkwell Säuglingsmilchnahrung Pre 800 g", None, "Milkwell", {"formula", "stage-1"}),
        ("Hanbit 유아분유 1단계 800g", None, "Hanbit", {"formula", "stage-1"}),
        ("Koala Gold Lait de croissance 800 g", None, None, {"formula", "toddler-milk"}),
        ("Lumière Feuchtigkeitscreme 30 ml", None, None, {"face-cream", "cream"}),
        ("Seoul Dew 수분 크림 50ml", None, None, {"face-cream", "cream"}),  # spaces aside
        ("Hanami Health ビタミンC 1000mg 60粒", None, None, {"vitamin-c", "vitamin"}),
        ("VitaCore 维生素D3 1000IU 90粒", None, None, {"vitamin-d", "vitamin"}),
        ("Kaito Elektrische Schallzahnbürste", None, None, {"toothbrush"}),  # compound head
        ("Voltwave 无线耳机 白色", None, None, {"earbuds", "headphones", "wireless", "white"}),
    ],
)
def test_a_title_is_tagged_with_its_concepts_and_their_broader_ones(
    title, category, brand, expected
):
    tags = set(vocabulary().tag(title, category, brand))
    assert expected <= tags
    assert {"cat-baby", "cat-skincare", "cat-health", "cat-electronics"} & tags


def test_the_brand_at_the_start_of_a_title_is_not_read_as_words():
    assert "organic" in vocabulary().tag("Sakura Bio 保湿クリーム")
    assert "organic" not in vocabulary().tag("Sakura Bio 保湿クリーム", brand="Sakura Bio")


def test_a_category_name_gives_only_category_concepts():
    tags = vocabulary().tag("Blackwood Health Fish Oil Omega-3", "Vitamins & Health")
    assert "cat-health" in tags and "fish-oil" in tags
    assert "vitamin" not in tags  # the category says "Vitamins"; the product is fish oil


@pytest.mark.parametrize("key", sorted(CATEGORIES))
def test_every_product_kind_the_sample_stores_sell_gets_a_kind_in_every_store_language(key):
    vocab = vocabulary()
    for ptype in CATEGORIES[key].types:
        for lang in STORE_LANGUAGES:
            tags = vocab.tag(ptype.titles[lang], CATEGORIES[key].names[lang])
            kinds = [t for t in tags if vocab.concepts[t].type == "kind"]
            assert kinds, (ptype.key, lang, ptype.titles[lang])
            categories = [t for t in tags if vocab.concepts[t].type == "category"]
            assert len(categories) == 1, (key, lang, categories)


def test_forms_compare_folded_and_singular():
    assert fold("Crème ＶＩＴＡＭＩＮ") == "creme vitamin"
    assert latin_key(fold("Face  Creams")) == "face cream"
    assert latin_key("glass") == "glass"


def test_concept_tokens_are_single_letter_words():
    assert token("cat-baby").isalpha() and token("cat-baby") != token("catbaby")


def test_a_broken_vocabulary_is_refused_with_the_concept_named():
    with pytest.raises(ValueError, match="'tea'"):
        load({"tea": {"type": "kind", "broader": ["drinks"], "en": ["tea"]}})
    with pytest.raises(ValueError, match="'tea'"):
        load({"tea": {"type": "kind", "es": ["té"]}})


@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=30)))
def test_any_title_is_tagged_without_failing_with_known_concepts_in_order(title, category):
    tags = vocabulary().tag(title, category)
    assert list(tags) == sorted(set(tags))
    assert set(tags) <= set(vocabulary().concepts)


def test_every_duty_a_concept_names_is_a_duty_category_of_the_category_map():
    from pricing.landed.rulebook import bundled_rulebook

    duties = {c.duty for c in vocabulary().concepts.values() if c.duty}
    assert duties and duties <= set(bundled_rulebook().categories.categories)


@pytest.mark.parametrize(
    ("category", "title", "priced_as"),
    [
        (None, "VitaCore Forte Vitamin D3 1000 IU 180 Capsules", "vitamins"),
        ("", "维生素D3软胶囊 90粒", "vitamins"),
        (None, "Milkwell 유아분유 3단계 900g", "infant-formula"),
        (None, "Tokyo Thread Silk Blouse Size S", "clothing"),
        (None, "Berliner Wolle Leather Tote Bag", "general"),  # a bag, though fashion
        (None, "Seongsu Studio Canvas Sneakers", "footwear"),  # sneakers are shoes
        ("Home & Garden", "Pixelmate Pro Ionic Hair Dryer", "electronics"),  # unknown to the map
        ("Vitamins & Health", "Pixelmate Pro Ionic Hair Dryer", "Vitamins & Health"),  # the store's
        (None, "Something Else Entirely", None),
        ("Home & Garden", "Something Else Entirely", "Home & Garden"),  # priced as general goods
    ],
)
def test_an_offer_is_priced_under_its_store_category_else_what_its_title_names(
    category, title, priced_as
):
    assert priced_category(category, title) == priced_as
