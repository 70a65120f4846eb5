"""What changed that someone is looking at: a run recorded, a cleanup request moved on.

Views built from the store (the Home tab, an incident checklist) go stale when a command records
its run or a request changes state. The places where that happens call `announce(...)` once; the
listeners below decide, cheaply, whether they care, and do any real work in a background job.

Adding a listener is one line in `LISTENERS`: a `"module:function"` taking `(services, change)`.
It must return at once and never raise (a failure is logged, the others still run).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    account: str | None  # None: could concern every account
    command: str | None = None  # a run of this command was recorded ("/aws-audit")
    request_id: str | None = None  # this cleanup request was filed or changed state
    checklist_id: str | None = None  # this incident checklist changed


LISTENERS: list[str] = [
    "bot.incident.live:on_change",  # re-verify an open incident checklist when its evidence changes
    "bot.home.refresh:on_change",  # republish the Home tab of the people who opened it
]

Listener = Callable[["Services", Change], None]


def _resolve(reference: str) -> Listener:
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def announce(services: Services, change: Change) -> None:
    for reference in LISTENERS:
        try:
            _resolve(reference)(services, change)
        except Exception:  # a view failing to refresh never fails what changed
            log.exception("change listener %s failed for %s", reference, change)
