"""Sourced figures: each says where it came from, when it took effect and how sure it is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pricing.landed.sourced import Sourced, SourcedAmount, SourcedRate, percent


def test_a_citation_names_the_source_and_date_and_flags_doubt():
    settled = Sourced(source="HMRC Notice 143", effective=date(2021, 1, 1))
    assert settled.citation == "HMRC Notice 143, eff. 2021-01-01"
    doubtful = settled.model_copy(update={"confidence": "uncertain"})
    assert doubtful.citation == "HMRC Notice 143, eff. 2021-01-01; uncertain"


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        ("0.13", "13%"),
        ("0.091", "9.1%"),
        ("0", "0%"),
        ("1", "100%"),
        ("0.2", "20%"),
        ("0.0005", "0.05%"),
    ],
)
def test_percent(rate, text):
    assert percent(Decimal(rate)) == text


@given(st.decimals(min_value="0", max_value="1", places=4))
def test_percent_reads_back_as_the_rate(rate):
    assert Decimal(percent(rate).removesuffix("%")) / 100 == rate


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (SourcedRate, {"rate": "1.2"}),
        (SourcedRate, {"rate": "-0.1"}),
        (SourcedAmount, {"amount": "5", "currency": "XYZ"}),
        (SourcedAmount, {"amount": "-5", "currency": "USD"}),
        (Sourced, {"source": "x"}),
        (Sourced, {"confidence": "probably"}),
    ],
)
def test_impossible_figures_are_refused(model, fields):
    with pytest.raises(ValidationError):
        model.model_validate({"source": "a source", "effective": "2026-01-01", **fields})
