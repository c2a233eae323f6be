"""The index's helper processes: started with `indexer` importable from anywhere, and their
errors sent back whole, or named when they cannot travel."""

from __future__ import annotations

import pickle

from indexer.backends.embedded import children
from indexer.fields import StaleIndex


class Unpicklable(Exception):
    def __init__(self, what: str, extra: object) -> None:
        super().__init__(what)
        self.extra = extra

    def __reduce__(self):
        raise TypeError("cannot travel")


def test_a_child_imports_indexer_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = "import sys, pickle, indexer.fields as f; pickle.dump(f.FORMAT, sys.stdout.buffer)"
    child = children.start(code)
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0
    from indexer.fields import FORMAT

    assert pickle.loads(out) == FORMAT


def test_an_error_that_travels_is_sent_as_itself():
    error = StaleIndex("format 4, this Haitao reads 5")
    assert children.picklable(error, RuntimeError) is error


def test_an_error_that_cannot_travel_is_named_in_the_fallback():
    sent = children.picklable(Unpicklable("disk on fire", object()), RuntimeError)
    assert type(sent) is RuntimeError
    assert str(sent) == "Unpicklable: disk on fire"
    pickle.loads(pickle.dumps(sent))
