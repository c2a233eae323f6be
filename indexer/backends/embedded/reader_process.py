"""A reader process (`readers`): answers the searches its parent sends, until the pipe closes."""

from __future__ import annotations

import os
import pickle
import signal
import sqlite3
import sys
from typing import BinaryIO

from indexer.backends.embedded import EmbeddedBackend, children, payloads
from indexer.backends.embedded.readers import ReaderFailed


def with_payloads(
    conn: sqlite3.Connection, ranked: list, text: str, cache: object = None
) -> list[tuple[tuple, bytes]]:
    """A reader's `Loader`: each ranked hit with its stored document, for the parent to
    decode (read in the search's own transaction, so the two agree)."""
    stored = dict(payloads(conn, [hit[1] for hit in ranked])) if ranked else {}
    return [(hit, stored[hit[1]]) for hit in ranked]


def answer(inbox: BinaryIO, outbox: BinaryIO, path: str, busy_timeout_ms: int) -> None:
    """Load the index's columns, then answer searches until the parent closes the pipe."""
    with EmbeddedBackend(path, busy_timeout_ms=busy_timeout_ms) as backend:
        backend.warm()
        while True:
            try:
                query = pickle.load(inbox)
            except EOFError:
                return
            try:
                found = ("found", backend.find(query, with_payloads))
            except Exception as exc:  # raised in the parent, as if it had searched itself
                found = ("error", children.picklable(exc, ReaderFailed))
            pickle.dump(found, outbox, protocol=pickle.HIGHEST_PROTOCOL)
            outbox.flush()


def main() -> None:
    # Ctrl-C in a terminal reaches the whole process group: the parent decides, and the
    # reader ends when its input closes. Stray prints go to stderr, not into the answers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    outbox = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    answer(sys.stdin.buffer, outbox, sys.argv[1], int(sys.argv[2]))
