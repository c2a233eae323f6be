"""The sample stores' vocabulary: every phrase in every shipped language."""

from crawler.samples.vocabulary import CATEGORIES, LANGUAGES


def test_vocabulary_has_every_language():
    for category in CATEGORIES.values():
        assert set(category.names) == set(LANGUAGES)
        for ptype in category.types:
            assert set(ptype.titles) == set(LANGUAGES), ptype.key
            assert all(ptype.titles.values())
