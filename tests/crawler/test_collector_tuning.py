"""A crawl's engine is a long run for core.gc_control: the collector is tuned from its start
to its stop (the mechanism, side by side runs included, is tested in tests/core)."""

from __future__ import annotations

import gc

from core.gc_control import YOUNG_THRESHOLD
from crawler.collector_tuning import CollectorTuning


def test_the_collector_is_tuned_while_the_engine_runs():
    before, tuning = gc.get_threshold(), CollectorTuning()
    tuning.engine_started()
    try:
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
        assert gc.get_freeze_count() > 0
    finally:
        tuning.engine_stopped()
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
