"""Network report import: CSV rows mapped through the network's column names into reports."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from core.errors import HaitaoError
from rebates.conversions import ConversionError, ConversionReport, record
from rebates.tables import Network

FIELDS = ("transaction_id", "click_id", "order_amount", "commission", "currency", "status")


@dataclass
class ImportResult:
    outcomes: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def import_report(sessions: sessionmaker[Session], network_name: str, path: Path) -> ImportResult:
    """Record every row; rows that cannot be recorded are listed, the others still count."""
    with sessions() as session:
        network = session.get(Network, network_name)
        if network is None:
            raise HaitaoError(f"unknown network {network_name!r}")
        columns, statuses = dict(network.columns), dict(network.statuses)
    missing = [name for name in FIELDS if name not in columns]
    if missing:
        raise HaitaoError(f"network {network_name}: no column mapping for {', '.join(missing)}")
    result = ImportResult()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                report = row_report(network_name, row, columns, statuses)
                result.outcomes[record(sessions, report, source="import")] += 1
            except ConversionError as exc:
                result.outcomes["skipped"] += 1
                result.problems.append(f"line {line}: {exc}")
    return result


def row_report(
    network: str, row: dict[str, str], columns: dict[str, str], statuses: dict[str, str]
) -> ConversionReport:
    def value(name: str) -> str:
        cell = row.get(columns[name])
        if cell is None or not cell.strip():
            raise ConversionError(f"column {columns[name]!r} is empty or missing")
        return cell.strip()

    raw_status = value("status")
    status = statuses.get(raw_status, raw_status).lower()
    occurred = row.get(columns.get("occurred_at", ""), "") or ""
    try:
        return ConversionReport(
            network=network,
            transaction_id=value("transaction_id"),
            click_id=value("click_id"),
            order_amount=Decimal(value("order_amount").replace(",", "")),
            commission=Decimal(value("commission").replace(",", "")),
            currency=value("currency").upper(),
            status=status,
            occurred_at=datetime.fromisoformat(occurred.strip()) if occurred.strip() else None,
        )
    except (InvalidOperation, ValueError) as exc:
        raise ConversionError(f"bad value: {exc}") from exc
