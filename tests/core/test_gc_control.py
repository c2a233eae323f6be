"""The collector is off inside `gc_paused` and as it was afterwards, whatever happens; it is
tuned from the first long run's start to the last one's stop, then put back as it was."""

from __future__ import annotations

import gc

import pytest

from core.gc_control import YOUNG_THRESHOLD, gc_paused, long_run_started, long_run_stopped


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after(collector_on):
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_turns_it_back_on(collector_on):
    with pytest.raises(ZeroDivisionError), gc_paused():
        _ = 1 / 0
    assert gc.isenabled()


def test_nested_pauses_leave_it_off_until_the_outer_one_ends(collector_on):
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on):
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()
    gc.enable()


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)
    gc.unfreeze()


def test_the_collector_is_tuned_from_the_first_start_to_the_last_stop(thresholds):
    first, second = object(), object()
    long_run_started(first)
    assert gc.get_threshold() == (YOUNG_THRESHOLD, *thresholds[1:])
    assert gc.get_freeze_count() > 0  # what existed at the start is not scanned again
    long_run_started(second)
    long_run_stopped(first)
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the second run goes on
    long_run_stopped(second)
    assert (gc.get_threshold(), gc.get_freeze_count()) == (thresholds, 0)
    long_run_stopped(second)  # a second stop changes nothing
    long_run_stopped(object())  # nor does one that never started
    assert gc.get_threshold() == thresholds
