"""Work off the request thread: Slack wants an ack within 3 s, an audit takes longer.

A bounded pool runs command jobs; a failure is logged with its traceback and reported to the user
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


class JobRunner:
    def __init__(self, workers: int = 8) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="job")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(
        self,
        name: str,
        fn: Callable[[], Any],
        *,
        on_error: Callable[[str], None] | None = None,
    ) -> Future[Any]:
        """Run `fn` in the background; on an exception, log it and call on_error(reference)."""
        with self._idle:
            self._pending += 1

        def run() -> Any:
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
                    self._idle.notify_all()

        return self._pool.submit(run)

    @property
    def pending(self) -> int:
        return self._pending

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until no job runs (tests and the demo); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait)
