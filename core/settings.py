"""Settings read from the environment, with defaults that work when nothing is set."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from config import CONFIG_DIR
from core.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """Where Haitao keeps its data and which services it talks to.

    home: data directory (`HAITAO_HOME`, default `./var`).
    database_url: SQLAlchemy URL (`DATABASE_URL`, default a SQLite file in `home`).
    elasticsearch_url: `ELASTICSEARCH_URL`; unset means the embedded search index.
    stores_file: `HAITAO_STORES`, default `config/stores.yaml`.
    search_readers: `HAITAO_SEARCH_READERS`, processes the embedded index searches in (0: in
    the calling process); None (unset) leaves it to the caller: 0, except `haitao serve`.
    """

    home: Path
    database_url: str
    elasticsearch_url: str | None
    stores_file: Path
    fx_snapshot_file: Path
    secret_key_env: str | None = None
    search_readers: int | None = None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        home = Path(env.get("HAITAO_HOME") or "var").resolve()
        return cls(
            home=home,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{home / 'haitao.sqlite'}",
            elasticsearch_url=env.get("ELASTICSEARCH_URL") or None,
            stores_file=Path(env.get("HAITAO_STORES") or CONFIG_DIR / "stores.yaml"),
            fx_snapshot_file=CONFIG_DIR / "fx-snapshot.yaml",
            secret_key_env=env.get("SECRET_KEY") or None,
            search_readers=_count(env, "HAITAO_SEARCH_READERS"),
        )

    def ensure_home(self) -> Path:
        """Create the data directory on first use (never at import)."""
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home

    @property
    def search_path(self) -> Path:
        """The embedded search index: the catalog file itself when it is SQLite."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            return Path(self.database_url.removeprefix(prefix))
        return self.home / "search.sqlite"

    def secret_key(self) -> str:
        """`SECRET_KEY`, or one generated on first run and kept in the data directory."""
        if self.secret_key_env:
            return self.secret_key_env
        path = self.ensure_home() / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()


def _count(env: Mapping[str, str], name: str) -> int | None:
    """A whole number of things from the environment, None when unset."""
    text = env.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ConfigError(f"{name} must be a whole number (0 or more), not {text!r}")
    return int(text)
