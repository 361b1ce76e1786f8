"""Progress of a long run: documents done / total, rate and ETA, at a bounded rate off a terminal."""
from __future__ import annotations

import logging

from flows.progress import Progress, progress_line


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_line_gives_done_total_rate_and_eta():
    assert progress_line("ingest_date=2026-11-05", 400, 1000, 100.0) == \
        "ingest_date=2026-11-05: 400/1,000 documents (40 %), 4.0 docs/s, ETA 2m30s"
    assert progress_line("p", 1000, 1000, 250.0) == "p: 1,000/1,000 documents (100 %), 4.0 docs/s, done in 4m10s"


def test_off_a_terminal_a_line_is_logged_at_most_every_interval_and_at_the_end(caplog, monkeypatch):
    monkeypatch.setenv("NEWSETL_LOG_LEVEL", "INFO")
    clock = Clock()
    log = logging.getLogger("test-progress")
    with caplog.at_level(logging.INFO, logger="test-progress"):
        progress = Progress("p", 800, log, every=15.0, clock=clock, interactive=False)
        for second in (5, 10, 16, 20, 40):
            clock.now = second
            progress.advance(160)
        progress.close()
    assert [r.getMessage().split(":")[1].split(" documents")[0].strip() for r in caplog.records] == \
        ["480/800", "800/800"]


def test_quiet_runs_log_no_progress(caplog, monkeypatch):
    monkeypatch.setenv("NEWSETL_LOG_LEVEL", "WARNING")
    with caplog.at_level(logging.INFO, logger="test-progress"):
        progress = Progress("p", 10, logging.getLogger("test-progress"), every=0.0, interactive=False)
        progress.advance(10)
        progress.close()
    assert caplog.records == []
