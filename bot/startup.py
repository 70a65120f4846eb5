"""What runs once when the bot starts serving, after the store is migrated.

Areas add a function here (one line): recovering requests left mid-execution, starting the
scheduler, starting the CloudTrail watcher. Each gets the services and may return a stop function.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot import runtime, scheduler
from bot.cleanup.executor import on_start as recover_cleanup_requests
from bot.services import Services
from bot.watch.push import start as watch_push_queues

log = logging.getLogger(__name__)

StartHook = Callable[[Services], Callable[[], None] | None]

HOOKS: list[StartHook] = [
    runtime.tune_gc,  # garbage-collector thresholds for a latency-sensitive server (bot/runtime.py)
    scheduler.start,  # the daily digest and every periodic job (bot/scheduler.py JOBS)
    recover_cleanup_requests,  # requests left approved/executing by a previous process
    watch_push_queues,  # the takeover alarm's SQS long-poll, one thread per queue (accounts' alarm_queue_url)
]


def start(services: Services) -> list[Callable[[], None]]:
    stops = []
    for hook in HOOKS:
        stop = hook(services)
        if stop is not None:
            stops.append(stop)
    return stops
