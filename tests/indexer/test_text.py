"""Text analysis: normalisation, CJK bigrams, query terms and highlighting."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.text import (
    MAX_QUERY_TERMS,
    _fold_char,
    _fold_with_origins,
    bigrams,
    highlight,
    index_terms,
    query_terms,
)

MARK_TAG = re.compile(r"</?mark>")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("保湿クリーム", "保湿 湿ク クリ リー ーム"),
        ("无线耳机", "无线 线耳 耳机"),
        ("유아분유", "유아 아분 분유"),
        ("耳机", "耳机"),
        ("茶", "茶"),
        ("ビタミンC 1000mg", "ビタ タミ ミン c 1000mg"),
        ("Sakura 保湿クリーム", "sakura 保湿 湿ク クリ リー ーム"),
        ("Feuchtigkeitscreme 50 ml", "feuchtigkeitscreme 50 ml"),
        ("Crème hydratante", "crème hydratante"),
        ("Детский крем", "детский крем"),
        ("ＡＢＣ１２３", "abc123"),  # full-width forms: NFKC
        ("ｸﾘｰﾑ", "クリ リー ーム"),  # half-width katakana and ｰ: NFKC
        ("Straße", "strasse"),  # case folding
        ("ボディ・ソープ", "ボデ ディ ィソ ソー ープ"),  # ・ inside a CJK word is dropped
        ("化粧水、乳液", "化粧 粧水 、 乳液"),  # CJK punctuation separates runs
        ("  spaced\tout\n", "spaced out"),
        ("", ""),
    ],
)
def test_index_terms(text: str, expected: str) -> None:
    assert index_terms(text) == expected


def test_bigrams_keeps_short_runs() -> None:
    assert bigrams("茶") == "茶"
    assert bigrams("緑茶") == "緑茶"
    assert bigrams("緑茶葉") == "緑茶 茶葉"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sakura 保湿", ["sakura", "保湿"]),
        ("formula stage", ["formula", "stage"]),
        ("ビタミンC", ["ビタミン", "c"]),
        ("Crème", ["crème"]),
        ('"unbalanced', ["unbalanced"]),
        ("a AND b OR NOT c", ["a", "and", "b", "or", "not", "c"]),
        ("NEAR(cream serum, 2)", ["near", "cream", "serum", "2"]),
        ("title:cream* ^serum", ["title", "cream", "serum"]),
        ("cream cream CREAM", ["cream"]),
        ("snake_case", ["snake", "case"]),
        ("🧴✨ !!! ()", []),
        ("", []),
    ],
)
def test_query_terms(text: str, expected: list[str]) -> None:
    assert query_terms(text) == expected


def test_query_terms_are_capped() -> None:
    words = " ".join(f"word{i}" for i in range(400))
    assert len(query_terms(words)) == MAX_QUERY_TERMS


@pytest.mark.parametrize(
    ("title", "query", "expected"),
    [
        (
            "Infant Formula Stage 1",
            "formula STAGE",
            "Infant <mark>Formula</mark> <mark>Stage</mark> 1",
        ),
        ("Crème hydratante", "creme", "<mark>Crème</mark> hydratante"),
        ("CREME brulee", "crème", "<mark>CREME</mark> brulee"),
        ("Sakura 保湿クリーム 50g", "保湿", "Sakura <mark>保湿</mark>クリーム 50g"),
        ("Sakura 保湿クリーム", "sakura 保湿", "<mark>Sakura</mark> <mark>保湿</mark>クリーム"),
        ("小米 无线耳机 Pro", "耳机", "小米 无线<mark>耳机</mark> Pro"),
        ("매일 유아분유 800g", "분유", "매일 유아<mark>분유</mark> 800g"),
        ("DHC ビタミンC 1000mg", "ビタミン", "DHC <mark>ビタミン</mark>C 1000mg"),
        ("ｸﾘｰﾑ", "クリーム", "<mark>ｸﾘｰﾑ</mark>"),
        ("Sony Wireless Headphones", "headphone", "Sony Wireless <mark>Headphones</mark>"),
        ("Tom & Jerry", "jerry", "Tom &amp; <mark>Jerry</mark>"),
        ("Nivea Creme", "", "Nivea Creme"),
        ("Nivea Creme", "!!!", "Nivea Creme"),
    ],
)
def test_highlight(title: str, query: str, expected: str) -> None:
    assert highlight(title, query) == expected


def test_highlight_escapes_markup_in_titles() -> None:
    marked = highlight('<script>alert("x")</script> Cream & <b>Serum</b>', "cream serum")
    assert "<script>" not in marked and "<b>" not in marked
    assert marked == (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>Cream</mark> &amp; "
        "&lt;b&gt;<mark>Serum</mark>&lt;/b&gt;"
    )


def test_highlight_matching_the_markup_itself_stays_escaped() -> None:
    assert highlight("<mark>", "mark") == "&lt;<mark>mark</mark>&gt;"


def test_highlight_is_markup() -> None:
    assert hasattr(highlight("Cream", "cream"), "__html__")


# ---- properties ---------------------------------------------------------------------------

titles = st.text() | st.text(alphabet="<>&\"' abcÉé保湿クリーム유아분유ーﾞ・", max_size=40)


@settings(max_examples=200, deadline=None)
@given(title=titles, query=titles)
def test_highlight_is_safe_html_of_the_title(title: str, query: str) -> None:
    marked = highlight(title, query)
    assert "<" not in MARK_TAG.sub("", marked)
    assert html.unescape(MARK_TAG.sub("", marked)) == title


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_index_terms_is_idempotent(text: str) -> None:
    once = index_terms(text)
    assert index_terms(once) == once


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_query_terms_are_plain_words(text: str) -> None:
    for term in query_terms(text):
        assert term and term.strip() == term
        assert not set(term) & set('"*:^()')


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Headphones", "headphone"),
        ("Headphone", "headphones"),
        ("Boxes", "box"),
        ("Babies", "baby"),
        ("Dried", "dry"),
        ("Folding", "fold"),
    ],
)
def test_highlight_follows_english_inflections(title: str, query: str) -> None:
    assert highlight(title, query) == f"<mark>{title}</mark>"


@pytest.mark.parametrize(("title", "query"), [("Tones", "toy"), ("Formula", "form"), ("Se", "s")])
def test_highlight_marks_no_other_words(title: str, query: str) -> None:
    assert highlight(title, query) == title


def _fold_one_by_one(title: str) -> tuple[str, list[int]]:
    """What `_fold_with_origins` must give: every character folded on its own."""
    chars, origins = [], []
    for index, char in enumerate(title):
        for folded in _fold_char(char):
            chars.append(folded)
            origins.append(index)
    return "".join(chars), origins


@given(title=st.text())
@settings(max_examples=300)
def test_folding_shortcuts_agree_with_folding_each_character(title: str) -> None:
    folded, origins = _fold_with_origins(title)
    assert (folded, list(origins)) == _fold_one_by_one(title)


@pytest.mark.parametrize("title", ["Straße Crème", "ﬁne Ⅻ", "Ｆｕｌｌ ｗｉｄｔｈ", "plain ascii"])
def test_folding_shortcuts_on_characters_that_fold_to_several_or_none(title: str) -> None:
    folded, origins = _fold_with_origins(title)
    assert (folded, list(origins)) == _fold_one_by_one(title)
