"""Work off the request thread: Slack wants an ack within 3 s, an audit takes longer.

Two bounded pools. Scans — a command reading a whole account (`scan=True`) — run at most `workers`
at once; everything else runs in the quick lane: /aws-help, the start of every command (its role
check and its parent message), button clicks, imports. So a person who types a command while
twenty audits run sees its parent at once, and a quick answer or an approval never waits behind
scans (`make bench` measures both). A failure is logged with its traceback and reported to the user
as one sentence with a reference, never as a traceback and never as silence.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)

QUICK_WORKERS = 8


class JobRunner:
    def __init__(self, workers: int = 8, *, quick_workers: int = QUICK_WORKERS) -> None:
        self.workers = workers
        self._scans = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="scan")
        self._quick = ThreadPoolExecutor(max_workers=quick_workers, thread_name_prefix="job")
        self._pending = 0
        self._scans_pending = 0
        self._scans_running = 0
        self._idle = threading.Condition()

    def submit(
        self,
        name: str,
        fn: Callable[[], Any],
        *,
        on_error: Callable[[str], None] | None = None,
        scan: bool = False,
    ) -> Future[Any]:
        """Run `fn` in the background; on an exception, log it and call on_error(reference).

        `scan=True`: a long read of an account, in the lane that runs at most `workers` at once.
        """
        with self._idle:
            self._pending += 1
            self._scans_pending += scan

        def run() -> Any:
            if scan:
                with self._idle:
                    self._scans_running += 1
            try:
                return fn()
            except Exception:
                reference = secrets.token_hex(4)
                log.exception("job %s failed (ref %s)", name, reference)
                if on_error is not None:
                    try:
                        on_error(reference)
                    except Exception:
                        log.exception("could not report failure of %s (ref %s)", name, reference)
                return None
            finally:
                with self._idle:
                    self._pending -= 1
                    self._scans_pending -= scan
                    self._scans_running -= scan
                    self._idle.notify_all()

        return (self._scans if scan else self._quick).submit(run)

    @property
    def pending(self) -> int:
        return self._pending

    def scans(self) -> tuple[int, int]:
        """(running, waiting) scans: whether a new one starts now or queues, and behind how many."""
        with self._idle:
            return self._scans_running, max(self._scans_pending - self._scans_running, 0)

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until no job runs (tests and the demo); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def shutdown(self, wait: bool = True) -> None:
        self._quick.shutdown(wait=wait)
        self._scans.shutdown(wait=wait)
