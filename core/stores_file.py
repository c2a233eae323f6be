"""Adding or changing one entry of the stores file, as the ops console does.

The stores file stays the one source the crawler, the Scrapyd nodes and the scheduler read,
so a write must never leave it half-written or invalid: the new file is written next to the
old one, validated whole with `load_stores`, and only then moved over it (`os.replace`).
A lock file serialises writers, so two operators saving at once both keep their change.

Comments: `config/stores.yaml` keeps all of its comments in the block at the top of the
file, which is kept verbatim; the entries are written back with PyYAML, so a comment placed
inside an entry would be lost. Round-tripping comments would take ruamel.yaml, a second YAML
library for a case the bundled file does not have.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml

from core.errors import ConfigError
from core.stores import StoreConfig, load_stores


class DuplicateStore(ConfigError):
    """A new store whose id is already taken."""


def save_entry(path: Path, entry: dict, *, new: bool) -> StoreConfig:
    """Add (`new`) or replace the entry with `entry["id"]`; return it validated.

    Raises pydantic's ValidationError for a bad entry (its `loc` names the field),
    DuplicateStore for a new id already listed, ConfigError when the file itself is broken.
    """
    store = StoreConfig.model_validate(entry)
    path = Path(path)
    with _locked(path):
        text = path.read_text(encoding="utf-8")
        load_stores(path)  # never build on a file that is already broken
        entries = yaml.safe_load(text)["stores"]
        index = next((i for i, e in enumerate(entries) if e.get("id") == store.id), None)
        if new and index is not None:
            raise DuplicateStore(f"a store with id '{store.id}' already exists")
        if not new and index is None:
            raise ConfigError(f"no store '{store.id}' in {path}")
        if index is None:
            entries.append(entry)
        else:
            entries[index] = entry
        _replace(path, leading_comments(text) + dump_entries(entries))
    return store


def raw_entry(path: Path, store_id: str) -> dict | None:
    """The entry as written in the file (no defaults filled in), or None."""
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8")).get("stores") or []
    return next((dict(e) for e in entries if e.get("id") == store_id), None)


def leading_comments(text: str) -> str:
    """The comment (and blank) lines at the top of a file."""
    lines = []
    for line in text.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


class _IndentedDumper(yaml.SafeDumper):
    """List items indented under their key, as the bundled stores file writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_entries(entries: list[dict]) -> str:
    return yaml.dump(
        {"stores": entries}, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False
    )


def _replace(path: Path, text: str) -> None:
    """Write `text` beside `path`, check the whole file loads, then swap it in atomically."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        shutil.copymode(path, temporary)
        load_stores(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path.parent / f".{path.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
