"""Progress of a partition's documents for the person watching a long run.

On an interactive terminal one line redraws in place as batches finish; anywhere else (a
log file, CI, a scheduled run's worker) a plain line is logged at most every `every` seconds
and when the partition is done, so logs stay readable. `--quiet`
(NEWSETL_LOG_LEVEL=WARNING) shows neither.
"""
from __future__ import annotations

import logging
import os
import time
from typing import Callable

PROGRESS_EVERY_SECONDS = 15.0


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def progress_line(label: str, done: int, total: int, elapsed: float) -> str:
    """`label: done/total documents (pct), rate docs/s, ETA` (ETA once a rate is known)."""
    rate = done / elapsed if elapsed > 0 else 0.0
    pct = f"{100 * done / total:.0f} %" if total else "100 %"
    line = f"{label}: {done:,}/{total:,} documents ({pct}), {rate:.1f} docs/s"
    if 0 < done < total and rate > 0:
        line += f", ETA {_duration((total - done) / rate)}"
    elif done >= total:
        line += f", done in {_duration(elapsed)}"
    return line


def _stderr_is_a_terminal() -> bool:
    try:
        return os.isatty(2)
    except OSError:
        return False


def wants_progress() -> bool:
    return os.environ.get("NEWSETL_LOG_LEVEL", "INFO").upper() in ("DEBUG", "INFO")


class Progress:
    def __init__(self, label: str, total: int, log: logging.Logger | logging.LoggerAdapter,
                 every: float = PROGRESS_EVERY_SECONDS, clock: Callable[[], float] = time.monotonic,
                 interactive: bool | None = None) -> None:
        self.label, self.total, self.log, self.every, self.clock = label, total, log, every, clock
        self.done = 0
        self.started = self.last = clock()
        self.enabled = wants_progress()
        self.interactive = self.enabled and (_stderr_is_a_terminal() if interactive is None else interactive)
        if self.interactive:
            self._draw()

    def _draw(self) -> None:
        """One line on the terminal, redrawn in place (`\r`, then the line cleared to its end).
        Written to file descriptor 2 itself: inside a flow run Prefect stands in for
        `sys.stderr`, and a tqdm bar written there never showed."""
        line = progress_line(self.label, self.done, self.total, self.clock() - self.started)
        try:
            os.write(2, f"\r{line}\x1b[K".encode())
        except OSError:
            self.interactive = False

    def advance(self, documents: int) -> None:
        self.done += documents
        now = self.clock()
        if self.interactive:
            self._draw()
        elif self.enabled and (self.done >= self.total or now - self.last >= self.every):
            self.last = now
            self.log.info(progress_line(self.label, self.done, self.total, now - self.started))

    def close(self) -> None:
        if self.interactive:
            try:
                os.write(2, b"\r\x1b[K")  # the log line below replaces the bar
            except OSError:
                pass
            self.log.info(progress_line(self.label, self.done, self.total, self.clock() - self.started))
