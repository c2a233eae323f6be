"""A run's log is read only from its own folder, and only its tail."""

from __future__ import annotations

from core.settings import Settings
from core.tables import CrawlRun
from operations.logs import run_log, tail


def test_the_tail_is_bounded_in_lines_and_bytes(tmp_path):
    log = tmp_path / "run.log"
    log.write_text("".join(f"line {n}\n" for n in range(10_000)))
    assert tail(log, lines=3) == ["line 9997", "line 9998", "line 9999"]
    last = tail(log, lines=10_000, max_bytes=100)
    assert last[-1] == "line 9999" and len("\n".join(last)) < 100
    assert all(line.startswith("line ") for line in last)  # no partial first line


def test_undecodable_bytes_do_not_break_the_page(tmp_path):
    log = tmp_path / "run.log"
    log.write_bytes(b"ok\n\xff\xfe broken\n")
    assert tail(log) == ["ok", "\ufffd\ufffd broken"]


def test_only_the_runs_own_log_folder_is_read(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    own = tmp_path / "logs" / "uk-chemist" / "run-7.log"
    own.parent.mkdir(parents=True)
    own.write_text("crawled\n")
    other = tmp_path / "logs" / "us-vitashop" / "run-8.log"
    other.parent.mkdir(parents=True)
    other.write_text("someone else's\n")
    escape = str(own.parent / ".." / ".." / ".." / "etc" / "passwd")
    assert run_log(settings, CrawlRun(store_id="uk-chemist", log_file=str(own))) == own
    for path in (str(other), escape, "http://node:6800/logs/haitao/shopify/1.log", None):
        assert run_log(settings, CrawlRun(store_id="uk-chemist", log_file=path)) is None
