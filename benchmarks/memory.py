"""Memory of a process tree, sampled: the peak RSS of a benchmark and all its children, by
phase and by role (this process, worker processes, other children)."""
from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterable

class RssSampler:
    """Peak RSS of this process plus all its children, per phase, sampled in a thread."""

    def __init__(self, interval: float = 0.2, window: float = 60.0) -> None:
        import psutil

        self._psutil = psutil
        self._me = psutil.Process()
        self.interval = interval
        self.peaks: dict[str, int] = {}
        self.max_processes: dict[str, int] = {}
        self.cpu: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))  # phase -> role -> s
        self._last_cpu: dict[int, float] = {}
        self.role_peaks: dict[str, dict[str, int]] = defaultdict(dict)  # phase -> role -> peak RSS (sum)
        self._roles: dict[int, str] = {}
        self._phase = "start"
        self._children: list | None = None
        self._samples = 0
        self.refresh_every = 5
        # Peaks per `window` seconds of each phase (tree total and per role), so a long run shows
        # whether memory trends up as it goes or only fluctuates; a few hundred small dicts even
        # at 100,000 documents, unlike keeping every sample.
        self.window = window
        self.windows: dict[str, list[dict[str, int]]] = defaultdict(list)
        self._phase_started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def sample(self) -> tuple[int, int]:
        # Listing children scans all of /proc: it was most of the sampler's ~2 % of a core,
        # taken from the flow it measures. The list is refreshed every few samples; workers
        # start once per run or after hundreds of documents, so none is missed for long.
        self._samples += 1
        if self._children is None or self._samples % self.refresh_every == 0:
            try:
                self._children = self._me.children(recursive=True)
            except self._psutil.Error:
                self._children = []
        procs = [self._me] + self._children
        total = 0
        by_role: dict[str, int] = defaultdict(int)
        for proc in procs:
            try:
                rss = proc.memory_info().rss
                total += rss
                by_role[self._role(proc)] += rss
                times = proc.cpu_times()
                used = times.user + times.system
                previous = self._last_cpu.get(proc.pid)
                self._last_cpu[proc.pid] = used
                if previous is not None:
                    self.cpu[self._phase][self._role(proc)] += max(0.0, used - previous)
            except self._psutil.Error:
                pass
        keep_max(self.role_peaks[self._phase], by_role.items())
        self._window_peak(total, by_role)
        return total, len(procs)

    def _window_peak(self, total: int, by_role: dict[str, int]) -> None:
        windows = self.windows[self._phase]
        index = int((time.monotonic() - self._phase_started) // self.window)
        while len(windows) <= index:
            windows.append({})
        keep_max(windows[index], [("tree", total), *by_role.items()])

    def _role(self, proc) -> str:
        if proc.pid not in self._roles:
            if proc.pid == self._me.pid:
                role = "this process (flow)"
            else:
                try:
                    command = " ".join(proc.cmdline())
                except self._psutil.Error:
                    command = ""
                role = "worker processes" if "multiprocessing" in command else "other (Prefect server, ...)"
            self._roles[proc.pid] = role
        return self._roles[proc.pid]

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, count = self.sample()
            phase = self._phase
            self.peaks[phase] = max(self.peaks.get(phase, 0), rss)
            self.max_processes[phase] = max(self.max_processes.get(phase, 0), count)
            self._stop.wait(self.interval)

    def phase(self, name: str) -> None:
        self._phase_started = time.monotonic()
        self._phase = name

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def peaks_by_part(windows: list[dict[str, int]], parts: int = 8) -> list[dict[str, int]]:
    """Peak RSS per role in each of `parts` equal stretches of a phase (from per-window peaks).

    Memory bounded by batch size shows as stretch peaks that fluctuate around a level; memory
    that grows with the corpus shows as peaks climbing stretch after stretch."""
    if not windows:
        return []
    parts = min(parts, len(windows))
    bounds = [round(i * len(windows) / parts) for i in range(parts + 1)]
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        merged: dict[str, int] = {}
        for window in windows[lo:hi]:
            keep_max(merged, window.items())
        out.append(merged)
    return out


def keep_max(peaks: dict[str, int], values: Iterable[tuple[str, int]]) -> None:
    """Raise each role's peak in `peaks` to the values seen."""
    for role, rss in values:
        peaks[role] = max(peaks.get(role, 0), rss)
