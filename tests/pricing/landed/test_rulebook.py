"""Rule files are validated on load; a mistake names the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from config import CONFIG_DIR
from core.errors import ConfigError
from pricing.landed.rulebook import UnknownDestination, load_rulebook


@pytest.fixture
def config(tmp_path: Path) -> Path:
    for name in ("categories.yaml", "forwarders.yaml"):
        shutil.copy(CONFIG_DIR / name, tmp_path / name)
    shutil.copytree(CONFIG_DIR / "destinations", tmp_path / "destinations")
    return tmp_path


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_bundled_rules_cover_every_listed_destination():
    book = load_rulebook()
    assert set(book.codes) >= {"CN", "US", "DE", "FR", "GB", "CA", "AU", "JP", "KR"}


def test_every_figure_has_a_source_and_a_date():
    for path in (CONFIG_DIR / "destinations").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert text.count("source:") == text.count("effective:"), path


def test_uncertain_figures_say_so():
    """Items the reference marks ⚠ carry a confidence (e.g. the CNY 50 exemption, JP's 0.6)."""
    book = load_rulebook()
    assert book.china.postal.exemption.confidence == "uncertain"
    assert book.destinations["JP"].duty.goods_factor.confidence == "uncertain"
    assert "uncertain" in book.destinations["GB"].fees[0].citation


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        (
            "GB.yaml",
            lambda d: d["tax"]["rate"].update(rate="1.2"),
            "GB.yaml: field 'tax.rate.rate': Input should be less than or equal to 1",
        ),
        ("GB.yaml", lambda d: d["tax"]["rate"].pop("source"), "field 'tax.rate.source': missing"),
        ("US.yaml", lambda d: d.update(currancy="USD"), "US.yaml: field 'currancy': unknown field"),
        (
            "KR.yaml",
            lambda d: d["bands"].append(dict(d["bands"][0])),
            "the last band must have no 'up_to'",
        ),
        ("JP.yaml", lambda d: d["duty"]["rates"].pop("default"), "needs a 'default' rate"),
        (
            "AU.yaml",
            lambda d: d["duty"]["rates"].update(shoes=d["duty"]["rates"]["default"]),
            "AU.yaml: unknown duty categories ['shoes']",
        ),
        ("CA.yaml", lambda d: d.update(country="US"), "does not match the file name"),
    ],
)
def test_a_mistake_names_the_file_and_the_field(config, file, change, message):
    edit(config / "destinations" / file, change)
    with pytest.raises(ConfigError) as error:
        load_rulebook(config)
    assert message in str(error.value)


def test_a_bad_forwarder_names_the_field(config):
    edit(config / "forwarders.yaml", lambda d: d["forwarders"][0].update(warehouses=["XX"]))
    with pytest.raises(ConfigError, match=r"forwarders\.yaml: field 'forwarders\.0'"):
        load_rulebook(config)


def test_an_unknown_destination_lists_the_known_ones():
    with pytest.raises(UnknownDestination, match="rules exist for: AU, CA, CN, DE"):
        load_rulebook().require("NZ")
