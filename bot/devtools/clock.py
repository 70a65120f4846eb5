"""A scheduler a test drives by hand: APScheduler without its wake-up thread.

`tick()` looks for due jobs once, at whatever time it is (freezegun's, in tests), and waits until
the jobs it started have finished. Everything else is APScheduler's: the persisted job store, the
triggers, coalescing, misfire grace, and the worker threads the jobs run on.
"""

from __future__ import annotations

import threading
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED
from apscheduler.schedulers.base import BaseScheduler


class ManualScheduler(BaseScheduler):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._done = threading.Condition()
        self.submitted = self.finished = self.missed = self.failed = 0
        self.add_listener(
            self._count, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED
        )

    def wakeup(self) -> None:
        pass  # nobody sleeps: the test calls tick()

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def tick(self, timeout: float = 60.0) -> None:
        self._process_jobs()
        with self._done:
            if not self._done.wait_for(lambda: self.finished >= self.submitted, timeout=timeout):
                raise TimeoutError(f"scheduled jobs still running after {timeout}s")

    def _count(self, event: Any) -> None:
        with self._done:
            if event.code == EVENT_JOB_SUBMITTED:
                self.submitted += 1
            else:
                self.finished += 1
                self.missed += event.code == EVENT_JOB_MISSED
                self.failed += event.code == EVENT_JOB_ERROR
            self._done.notify_all()
