"""A resumable crawl's job folder lists the runs that worked on it, and goes when finished."""

from __future__ import annotations

import pytest

from crawler import job_folder


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
