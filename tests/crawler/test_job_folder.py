"""A resumable crawl's job folder lists the runs that worked on it, and goes when finished."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from crawler import job_folder
from crawler.pipelines.persist import halves_lost_nothing


def test_each_run_of_a_job_learns_the_runs_before_it(tmp_path):
    jobdir = tmp_path / "jobs" / "shop"
    assert job_folder.add_run(jobdir, 7) == []
    assert job_folder.add_run(jobdir, 9) == [7]
    assert job_folder.earlier_runs(jobdir) == [7, 9]


@pytest.mark.parametrize("text", ["", "{", '{"runs": [1]}', '[1, "x", null]'])
def test_an_unreadable_runs_file_counts_as_a_new_job_or_keeps_what_it_can(tmp_path, text):
    (tmp_path / job_folder.RUNS_FILE).write_text(text, encoding="utf-8")
    assert job_folder.earlier_runs(tmp_path) == ([1] if text.startswith("[") else [])


@pytest.mark.parametrize(("reason", "kept"), [("finished", False), ("shutdown", True),
                                              ("cancelled", True), (None, True)])  # fmt: skip
def test_only_a_finished_job_is_removed(tmp_path, reason, kept):
    job_folder.add_run(tmp_path / "job", 1)
    job_folder.close(tmp_path / "job", reason)
    assert (tmp_path / "job").exists() is kept


def run(reason: str | None, **stats) -> SimpleNamespace:
    """A crawl run as its crawl closed it (with Scrapy's stats), or as the reaper did."""
    written = {"finish_reason": reason, **stats} if reason else {}
    return SimpleNamespace(finish_reason=reason or "failed", stats=written)


@pytest.mark.parametrize(
    ("earlier", "whole"),
    [
        ([], True),
        ([run("shutdown", item_scraped_count=40)], True),
        ([run("shutdown"), run("cancelled")], True),
        ([run(None)], False),  # killed, then reaped: it may have lost pages it had dequeued
        ([run("shutdown", **{"haitao/pages_dropped": 1})], False),
        ([run("shutdown", **{"retry/max_reached": 1})], False),
        ([run("shutdown", **{"spider_exceptions/KeyError": 1})], False),
    ],
)
def test_a_resumed_crawl_is_whole_only_if_its_earlier_halves_lost_nothing(earlier, whole):
    assert halves_lost_nothing(earlier) is whole
