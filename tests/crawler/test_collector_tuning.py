"""A crawl's engine is a long run for core.gc_control: the collector is tuned from its start
to its stop (the mechanism, side by side runs included, is tested in tests/core)."""

from __future__ import annotations

import gc

import pytest

from core.gc_control import YOUNG_THRESHOLD
from crawler.collector_tuning import CollectorTuning


@pytest.fixture
def collector():
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)
    gc.unfreeze()


def test_the_collector_is_tuned_while_the_engine_runs(collector):
    tuning = CollectorTuning()
    tuning.engine_started()
    assert gc.get_threshold() == (YOUNG_THRESHOLD, *collector[1:])
    assert gc.get_freeze_count() > 0
    tuning.engine_stopped()
    assert (gc.get_threshold(), gc.get_freeze_count()) == (collector, 0)
