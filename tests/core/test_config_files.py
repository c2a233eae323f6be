"""Config files load into strict models, or fail with one line naming the file and the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.config_files import NonNegative, Strict, load_model
from core.errors import ConfigError


class Parcel(Strict):
    name: str
    weight: NonNegative


def write(tmp_path, text: str):
    path = tmp_path / "parcel.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_with_decimals(tmp_path):
    parcel = load_model(write(tmp_path, "name: box\nweight: '1.25'\n"), Parcel)
    assert parcel == Parcel(name="box", weight=Decimal("1.25"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: box\n", "field 'weight': missing (required)"),
        ("name: box\nweight: '1'\ncolour: red\n", "field 'colour': unknown field"),
        ("name: box\nweight: '-1'\n", "field 'weight': Input should be greater than or equal to 0"),
        ("name: [box\n", "not valid YAML"),
    ],
)
def test_a_bad_file_is_one_line_naming_the_file_and_field(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_model(path, Parcel)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_file_says_it_cannot_be_read(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_model(tmp_path / "nope.yaml", Parcel)


def test_models_are_frozen():
    parcel = Parcel(name="box", weight=Decimal(1))
    with pytest.raises(ValueError):
        parcel.name = "crate"
