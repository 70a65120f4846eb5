"""Instruments for the scale benchmarks: leaf timings, the critical path, peak RSS, percentiles."""

from __future__ import annotations

import math
import os
import resource
import threading
import time
from collections import Counter
from collections.abc import Hashable, Iterable
from typing import Any

from bot.aws.regions import FanOut


class TimedFanOut(FanOut):
    """A fan-out that records how long each leaf took (key → seconds), phase after phase."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.durations: list[tuple[Hashable, float]] = []
        self._lock = threading.Lock()

    def run(self, tasks, *, on_done=None):  # type: ignore[no-untyped-def]
        def timed(key, task):  # type: ignore[no-untyped-def]
            def run():  # type: ignore[no-untyped-def]
                started = time.perf_counter()
                try:
                    return task()
                finally:
                    with self._lock:
                        self.durations.append((key, time.perf_counter() - started))

            return run

        return super().run({k: timed(k, t) for k, t in tasks.items()}, on_done=on_done)


def region_of(key: Hashable, regions: Iterable[str]) -> str:
    """The region a leaf's key names (audit keys are (service, region, …), idle keys (region, …))."""
    wanted = set(regions)
    parts = key if isinstance(key, tuple) else (key,)
    return next((p for p in parts if p in wanted), "global")


def chains(durations: Iterable[tuple[Hashable, float]], regions: Iterable[str]) -> Counter[str]:
    """Seconds of leaf work per region: what that region would take read in one chain."""
    regions = list(regions)
    out: Counter[str] = Counter()
    for key, seconds in durations:
        out[region_of(key, regions)] += seconds
    return out


def rss() -> int:
    """This process's resident set size now, in bytes."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the peak so far is the best we have
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class PeakRss:
    """Samples RSS every 10 ms while open: the peak of this process during what it wraps."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.before = 0
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="rss", daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss())

    def __enter__(self) -> PeakRss:
        self.before = self.peak = rss()
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss())


def mib(n: float) -> str:
    return f"{n / 2**20:.0f} MiB"


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]
