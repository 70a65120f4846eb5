"""Run one function per region (or per region and service) in a bounded pool; never fail the whole.

Each task's answer is kept with its key: either its value or the problem that stopped it, so an
audit over 17 regions still answers when one region is disabled or one service denies access.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.aws.errors import AwsProblem, classify

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

_in_worker = threading.local()


@dataclass(frozen=True)
class RegionResult(Generic[T]):
    """A task's records, or the problem that stopped it."""

    key: Hashable
    value: T | None = None
    error: AwsProblem | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class FanOut:
    """A process-wide bounded pool for AWS reads, shared by every command running at once."""

    def __init__(self, workers: int = 32) -> None:
        self.workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="aws")

    def run(
        self,
        tasks: Mapping[K, Callable[[], T]],
        *,
        on_done: Callable[[K, RegionResult[T]], None] | None = None,
    ) -> dict[K, RegionResult[T]]:
        """Run every task; return each key's result in the order the tasks were given.

        A task that itself fans out would wait on the pool it occupies; such nested calls run
        inline instead, so the pool can never deadlock on itself.
        """
        results: dict[K, RegionResult[T]] = {}
        if getattr(_in_worker, "active", False):
            for key, task in tasks.items():
                results[key] = _call(key, task)
                if on_done:
                    on_done(key, results[key])
            return results
        futures: dict[Future[RegionResult[T]], K] = {
            self._pool.submit(_worker_call, key, task): key for key, task in tasks.items()
        }
        for future in as_completed(futures):
            key = futures[future]
            results[key] = future.result()
            if on_done:
                on_done(key, results[key])
        return {key: results[key] for key in tasks}

    def per_region(
        self,
        regions: Iterable[str],
        fn: Callable[[str], T],
        *,
        on_done: Callable[[str, RegionResult[T]], None] | None = None,
    ) -> dict[str, RegionResult[T]]:
        return self.run({region: (lambda r=region: fn(r)) for region in regions}, on_done=on_done)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _worker_call(key: K, task: Callable[[], T]) -> RegionResult[T]:
    _in_worker.active = True
    try:
        return _call(key, task)
    finally:
        _in_worker.active = False


def _call(key: K, task: Callable[[], T]) -> RegionResult[T]:
    try:
        return RegionResult(key=key, value=task())
    except Exception as exc:  # one region failing never fails the whole
        return RegionResult(key=key, error=classify(exc))
