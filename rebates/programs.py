"""Rebate programs: loading the seed file, commission arithmetic, deep links."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from config import CONFIG_DIR
from core.config_files import load_model
from core.errors import ConfigError
from core.tables import Store
from core.text_safety import refuse_control_characters
from pricing.money import Money
from rebates.postback_config import PostbackFormat
from rebates.tables import CategoryRate, Network, Program

REBATES_FILE = CONFIG_DIR / "rebates.yaml"
Rate = Annotated[Decimal, Field(ge=0, le=1)]


class NetworkConfig(BaseModel):
    """A network: which report column holds each field, and what its statuses mean."""

    model_config = ConfigDict(extra="forbid")
    columns: dict[str, str]
    statuses: dict[str, str] = {}
    postback: PostbackFormat | None = None


class CategoryConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rate: Rate
    cap: Decimal | None = None


class ProgramConfig(BaseModel):
    """One store's program; rates are fractions (0.08 is 8 %), caps are in the store's currency."""

    model_config = ConfigDict(extra="forbid")
    store: str
    network: str
    network_aff_id: str
    commission_rate: Rate
    commission_cap: Decimal | None = None
    categories: dict[str, CategoryConfig] = {}
    affiliate_share: Rate
    cookie_days: int = Field(30, ge=1, le=365)
    approval_days: int = Field(60, ge=0, le=365)
    exclusions: str = ""
    deep_link: str

    @field_validator("deep_link", "network_aff_id")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        return refuse_control_characters(value)


class RebatesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    networks: dict[str, NetworkConfig]
    programs: list[ProgramConfig]


def read_rebates_file(path: Path = REBATES_FILE) -> RebatesFile:
    """The rebates file validated; ConfigError naming the file and the field otherwise."""
    return load_model(path, RebatesFile)


def load_programs(session: Session, seed: RebatesFile) -> list[Program]:
    """Upsert networks and programs of stores that exist; a network keeps its secret."""
    for name, net in seed.networks.items():
        row = session.get(Network, name) or Network(name=name, postback_secret=new_secret())
        row.columns, row.statuses = net.columns, net.statuses
        row.postback_format = net.postback.model_dump(mode="json") if net.postback else None
        session.add(row)
    loaded = []
    for conf in seed.programs:
        if conf.network not in seed.networks:
            raise ConfigError(f"program {conf.store!r}: unknown network {conf.network!r}")
        if session.get(Store, conf.store) is not None:
            loaded.append(_upsert_program(session, conf))
    session.flush()
    return loaded


def _upsert_program(session: Session, conf: ProgramConfig) -> Program:
    program = session.scalar(select(Program).where(Program.store_id == conf.store))
    program = program or Program(store_id=conf.store)
    fields = conf.model_dump(exclude={"store", "categories", "deep_link"})
    for name, value in fields.items():
        setattr(program, name, value)
    program.deep_link_template = conf.deep_link
    session.add(program)
    _sync_categories(session, program, conf.categories)
    return program


def _sync_categories(session: Session, program: Program, wanted: dict[str, CategoryConfig]):
    """Update rows in place: replacing the list would insert before it deletes (unique key)."""
    existing = {row.category: row for row in program.category_rates}
    for name, row in existing.items():
        if name not in wanted:
            program.category_rates.remove(row)
    session.flush()
    for name, cat in wanted.items():
        row = existing.get(name)
        if row is None:
            program.category_rates.append(CategoryRate(category=name, rate=cat.rate, cap=cat.cap))
        else:
            row.rate, row.cap = cat.rate, cat.cap


def new_secret() -> str:
    return secrets.token_hex(32)


def commission_for(program: Program, amount: Money, category: str | None = None) -> Money:
    """The network's commission on an order: category rate or the flat one, capped."""
    rate, cap = program.commission_rate, program.commission_cap
    for special in program.category_rates:
        if category and special.category.casefold() == category.casefold():
            rate, cap = special.rate, special.cap
    commission = amount.amount * rate
    if cap is not None:
        commission = min(commission, cap)
    return Money(commission, amount.currency).rounded()


def affiliate_share(program: Program, commission: Money) -> Money:
    """The affiliate's part of a commission, rounded to the currency's minor unit."""
    return Money(commission.amount * program.affiliate_share, commission.currency).rounded()


def effective_rate(program: Program, price: Money, category: str | None = None) -> Decimal:
    """The share of `price` the affiliate earns on it, after category rates and caps.

    What search shows and sorts by as "rebate": it comes from the same functions the ledger
    uses, so a listed rate is what a conversion of that price would pay.
    """
    if price.amount <= 0:
        return Decimal(0)
    earned = affiliate_share(program, commission_for(program, price, category))
    return (earned.amount / price.amount).quantize(Decimal("0.0001"))


def shopper_rates(session: Session) -> dict[str, Callable[[Money, str | None], Decimal]]:
    """Each store with an active program → its `effective_rate` for a price and category.

    What the search index shows as each offer's rebate (`indexer.build.RebateRates`). The
    programs are loaded whole (category rates too), so the rates work after the session ends.
    """
    programs = session.scalars(
        select(Program).where(Program.active).options(selectinload(Program.category_rates))
    )
    return {program.store_id: partial(effective_rate, program) for program in programs}


def seed_programs_if_none(session: Session) -> int:
    """Load the bundled programs when the database has none yet (the demo's first run)."""
    if session.scalar(select(Program.id).limit(1)) is not None:
        return 0
    return len(load_programs(session, read_rebates_file()))
