"""The embedded index's helper processes (the writer, the readers): plain `python -c`
subprocesses that speak pickle over their standard streams.

Not multiprocessing: spawn would re-import the caller's main module (breaking every script
without a main guard) and fork is unsafe in a threaded web process.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[3])  # where `indexer` is importable from


def start(code: str, *args: str) -> subprocess.Popen:
    """`python -c code args…` with pipes for its stdin and stdout, `indexer` importable."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (_ROOT, os.environ.get("PYTHONPATH")))),
    }
    command = [sys.executable, "-c", code, *args]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)


def picklable(exc: Exception, fallback: type[Exception]) -> Exception:
    """`exc` if it survives the trip to the parent, else a `fallback` saying what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return fallback(f"{type(exc).__name__}: {exc}")
    return exc
