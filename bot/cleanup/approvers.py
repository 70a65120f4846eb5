"""Who may approve: APPROVERS user IDs, and members of APPROVERS user groups (usergroups.users.list).

Group membership is cached for a few minutes: one Slack call per group per few minutes, and a
person removed from the group loses approval rights within that time. When Slack cannot answer,
the group counts as empty (fail closed) and the refusal says membership could not be checked.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

GROUP_TTL = 300.0


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""  # why not, in a sentence for the person who clicked


class Approvers:
    def __init__(
        self,
        slack: WebClient,
        ids: Sequence[str],
        *,
        ttl: float = GROUP_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._slack = slack
        self.users = frozenset(i for i in ids if not i.startswith("S"))
        self.groups = tuple(i for i in ids if i.startswith("S"))
        self._ttl = ttl
        self._clock = clock
        self._cache: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        return bool(self.users or self.groups)

    def check(self, user_id: str) -> Verdict:
        if user_id in self.users:
            return Verdict(True)
        unreadable = []
        for group in self.groups:
            members = self._members(group)
            if members is None:
                unreadable.append(group)
            elif user_id in members:
                return Verdict(True)
        if not self.configured:
            return Verdict(False, "Nobody can approve cleanup yet: APPROVERS is empty in the bot's settings.")
        if unreadable:
            return Verdict(
                False,
                "You are not listed in APPROVERS, and I could not read the approver group(s) "
                f"{', '.join(f'<!subteam^{g}>' for g in unreadable)} from Slack (scope usergroups:read?).",
            )
        return Verdict(False, "Only people listed in APPROVERS (or in an approver user group) can decide.")

    def members(self) -> set[str]:
        """Every approver as a user ID (for the App Home and mentions)."""
        users = set(self.users)
        for group in self.groups:
            users |= self._members(group) or set()
        return users

    def _members(self, group: str) -> frozenset[str] | None:
        now = self._clock()
        with self._lock:
            cached = self._cache.get(group)
            if cached and now - cached[0] < self._ttl:
                return cached[1]
        try:
            users = frozenset(self._slack.usergroups_users_list(usergroup=group).get("users") or [])
        except SlackApiError as exc:
            log.warning("usergroups.users.list %s failed: %s", group, exc.response.get("error"))
            return None
        except OSError as exc:  # Slack unreachable or timing out (URLError, TimeoutError): same answer
            log.warning("usergroups.users.list %s failed: %s", group, type(exc).__name__)
            return None
        with self._lock:
            self._cache[group] = (now, users)
        return users
