"""All landed-cost rules loaded together and checked against each other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from config import CONFIG_DIR
from core.config_files import load_model
from core.errors import ConfigError, HaitaoError
from pricing.landed.categories import CategoryMap, load_categories
from pricing.landed.china import ChinaRules
from pricing.landed.forwarders import Forwarder, load_forwarders
from pricing.landed.rules import Destination
from pricing.landed.words import Words


class UnknownDestination(HaitaoError):
    """A destination no rule file covers."""


@dataclass(frozen=True)
class RuleBook:
    """Every destination's rules (customs unions resolved to their members), China's regimes,
    the category map and the forwarders."""

    destinations: dict[str, Destination]
    china: ChinaRules
    categories: CategoryMap
    forwarders: tuple[Forwarder, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """Every destination a landed cost can be worked out for."""
        return tuple(sorted({"CN", *self.destinations}))

    def currency_of(self, code: str) -> str:
        """The currency a destination's rules are written in (and customs charge in)."""
        return self.china.currency if code == "CN" else self.destinations[code].currency

    def reviewed_on(self, code: str) -> date:
        return self.china.reviewed if code == "CN" else self.destinations[code].reviewed

    def require(self, code: str) -> str:
        code = code.strip().upper()
        if code not in self.codes:
            why = (
                "unknown destination '%(code)s' (rules exist for: %(codes)s; "
                "add config/destinations/<CC>.yaml for another country)"
            )
            raise UnknownDestination(Words(why, code=code, codes=", ".join(self.codes)))
        return code


def load_rulebook(config_dir: Path = CONFIG_DIR) -> RuleBook:
    """Load and cross-check `destinations/`, `categories.yaml` and `forwarders.yaml`."""
    categories = load_categories(config_dir / "categories.yaml")
    china: ChinaRules | None = None
    destinations: dict[str, Destination] = {}
    for path in sorted((config_dir / "destinations").glob("*.yaml")):
        if path.stem == "CN":
            china = load_model(path, ChinaRules)
            _check_categories(path, china.categories_named(), categories)
            continue
        destination = load_model(path, Destination)
        _check_file_name(path, destination)
        _check_categories(path, destination.categories_named(), categories)
        destinations.update(_resolved(destination))
    if china is None:
        raise ConfigError(f"{config_dir / 'destinations'}: CN.yaml is missing")
    forwarders = load_forwarders(config_dir / "forwarders.yaml")
    return RuleBook(destinations, china, categories, forwarders)


@cache
def bundled_rulebook() -> RuleBook:
    """The rules shipped in `config/`, loaded once per process."""
    return load_rulebook(CONFIG_DIR)


def _resolved(destination: Destination) -> dict[str, Destination]:
    if not destination.members:
        return {destination.country: destination}
    return {code: destination.member(code) for code in destination.members}


def _check_file_name(path: Path, destination: Destination) -> None:
    if destination.country != path.stem:
        raise ConfigError(
            f"{path}: field 'country': {destination.country!r} does not match the file name"
        )


def _check_categories(path: Path, named: set[str], categories: CategoryMap) -> None:
    unknown = sorted(named - set(categories.categories))
    if unknown:
        raise ConfigError(
            f"{path}: unknown duty categories {unknown} (defined in config/categories.yaml: "
            f"{', '.join(sorted(categories.categories))})"
        )
