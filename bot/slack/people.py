"""Who is in a list of Slack user and user-group IDs (APPROVERS, PAYERS), asked of Slack.

Settings list people as user IDs (`U…`/`W…`) or user groups (`S…`); a group's members come from
`usergroups.users.list` (scope `usergroups:read`) and are cached for a few minutes, so a button
click does not cost an API call each time and a change in the group is still seen soon. When
Slack cannot be asked, the group counts as empty: a permission check fails closed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

GROUP_TTL = 300.0


class People:
    def __init__(
        self, client: WebClient, *, ttl: float = GROUP_TTL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._client = client
        self._ttl = ttl
        self._clock = clock
        self._groups: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def group_members(self, group_id: str) -> frozenset[str]:
        now = self._clock()
        with self._lock:
            cached = self._groups.get(group_id)
            if cached and now - cached[0] < self._ttl:
                return cached[1]
        try:
            answer = self._client.usergroups_users_list(usergroup=group_id)
            members = frozenset(answer.get("users") or [])
        except SlackApiError as exc:
            log.warning("cannot list user group %s: %s", group_id, exc.response.get("error"))
            return frozenset()  # not cached: the next check asks again
        except OSError as exc:  # Slack unreachable or timing out: fail closed the same way
            log.warning("cannot list user group %s: %s", group_id, type(exc).__name__)
            return frozenset()
        with self._lock:
            self._groups[group_id] = (now, members)
        return members

    def members(self, ids: Iterable[str]) -> set[str]:
        """Every user ID listed directly or through a user group."""
        users: set[str] = set()
        for entry in ids:
            if entry.startswith("S"):
                users |= self.group_members(entry)
            else:
                users.add(entry)
        return users

    def includes(self, ids: Iterable[str], user_id: str) -> bool:
        ids = list(ids)
        if user_id in ids:
            return True
        return any(user_id in self.group_members(e) for e in ids if e.startswith("S"))


def describe(ids: Iterable[str]) -> str:
    """`<@U1>, <!subteam^S1>` for a message; "nobody" when the list is empty."""
    parts = [f"<!subteam^{i}>" if i.startswith("S") else f"<@{i}>" for i in ids]
    return ", ".join(parts) if parts else "nobody"


def people(services: Any) -> People:
    """The process's People for `services.slack`, made once and shared by every listener."""
    found = services.extras.get("people")
    if found is None:
        found = services.extras.setdefault("people", People(services.slack))
    return found
