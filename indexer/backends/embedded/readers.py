"""Searches in reader processes, so that concurrent searches use every core.

A broad search spends about 60 % of its time in Python and numpy holding the GIL (grouping,
sorting and counting the matches; SQLite, which lets go of it, is the rest): threads of one
process then answer searches one at a time, whatever the cores (`bench/search.py`: 4 clients
answered 1.05-1.3x the queries of one). Each reader is a process of its own with its own
connection and in-memory columns. A searching thread hands its query to an idle reader and
waits on the pipe with the GIL released; the reader answers with the page's ranked hits and
their stored documents (bytes, cheap to send), which the caller decodes once per distinct
document (`stored_hits`) instead of receiving pickled documents (~1.3 ms each way per page).
"""

from __future__ import annotations

import pickle
import queue
import subprocess
import threading
from contextlib import suppress
from pathlib import Path

from indexer.backends.embedded import children
from indexer.backends.embedded.found import Found
from indexer.query import SearchQuery

_PROTOCOL = pickle.HIGHEST_PROTOCOL


class ReaderFailed(RuntimeError):
    """A reader process stopped without answering (killed, out of memory…)."""


class Readers:
    """`count` reader processes over the index at `path`; a search waits for an idle one."""

    def __init__(self, path: Path, busy_timeout_ms: int, count: int) -> None:
        self.path, self.busy_timeout_ms = path, busy_timeout_ms
        # Last in, first out: with fewer searches at once than readers, the same readers
        # answer, their caches warm (taking turns cost ~30 % more CPU per search).
        self._idle: queue.LifoQueue[_Reader] = queue.LifoQueue()
        self._all: list[_Reader] = []
        self._lock = threading.Lock()
        for _ in range(count):
            self._idle.put(self._start())

    def find(self, query: SearchQuery) -> Found:
        """The query's `Found`, its hits as (ranked hit, stored document) pairs.

        A reader found dead (killed, out of memory…) is replaced by a new one, which is
        asked again; if that one fails too, ReaderFailed.
        """
        reader = self._idle.get()
        try:
            try:
                outcome, value = reader.ask(query)
            except ReaderFailed:
                self._retire(reader)
                reader = self._start()
                outcome, value = reader.ask(query)
        finally:
            self._idle.put(reader)
        if outcome == "error":
            raise value
        return value

    @property
    def pids(self) -> list[int]:
        """The process ids of the readers running now."""
        with self._lock:
            return [r.process.pid for r in self._all if r.process.poll() is None]

    def close(self) -> None:
        """Stop every reader: each ends its search in progress, then sees its input close."""
        with self._lock:
            readers, self._all = self._all, []
        for reader in readers:
            reader.close()

    def _start(self) -> _Reader:
        reader = _Reader(self.path, self.busy_timeout_ms)
        with self._lock:
            self._all.append(reader)
        return reader

    def _retire(self, reader: _Reader) -> None:
        with self._lock:
            if reader in self._all:
                self._all.remove(reader)
        reader.close()


class _Reader:
    """One reader process and its pipes; used by one thread at a time."""

    def __init__(self, path: Path, busy_timeout_ms: int) -> None:
        self.process = children.start(_READER, str(path), str(int(busy_timeout_ms)))

    def ask(self, query: SearchQuery) -> tuple[str, object]:
        try:
            pickle.dump(query, self.process.stdin, protocol=_PROTOCOL)
            self.process.stdin.flush()
            return pickle.load(self.process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            try:
                code = self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # alive but talking nonsense: stop it
                self.process.kill()
                code = self.process.wait()
            raise ReaderFailed(f"a search reader process stopped (exit {code})") from None

    def close(self) -> None:
        with suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with suppress(OSError):
            self.process.stdout.close()


_READER = "from indexer.backends.embedded.reader_process import main; main()"
