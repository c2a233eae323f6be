"""The collector is tuned while crawls run and put back as it was when the last one stops."""

from __future__ import annotations

import gc

import pytest

from crawler.collector_tuning import YOUNG_THRESHOLD, CollectorTuning


@pytest.fixture
def collector():
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)
    gc.unfreeze()


def test_the_collector_is_tuned_from_the_first_start_to_the_last_stop(collector):
    first, second = CollectorTuning(), CollectorTuning()
    first.engine_started()
    assert gc.get_threshold() == (YOUNG_THRESHOLD, *collector[1:])
    assert gc.get_freeze_count() > 0  # what existed at the start is not scanned again
    second.engine_started()
    first.engine_stopped()
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the second crawl still runs
    second.engine_stopped()
    assert (gc.get_threshold(), gc.get_freeze_count()) == (collector, 0)
    second.engine_stopped()  # a second stop changes nothing
    assert gc.get_threshold() == collector
