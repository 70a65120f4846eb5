"""Publish the Home tab: for whoever opens it, and again for everyone who did when its facts change.

Who opened it, and when, is kept in the store (`home_viewers`), so any replica republishes for
everyone. A change (`bot.changes`) starts at most one background refresh per process: it waits
`DELAY` seconds so the changes of one command or click go out together, gathers once, and
publishes one view per viewer; changes arriving meanwhile fold into one more round.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from datetime import timedelta

from slack_sdk.errors import SlackApiError
from sqlalchemy import select, update

from bot.changes import Change
from bot.cleanup.flow import approvers
from bot.cleanup.registry import all_actions
from bot.home.data import gather
from bot.render.home import render_home
from bot.services import Services
from bot.store.tables import HomeViewer
from bot.store.types import utcnow

log = logging.getLogger(__name__)

DELAY = 0.5  # seconds a refresh waits for the rest of a burst of changes
ACTIVE = timedelta(days=30)  # people who opened Home more recently are kept current
MAX_VIEWERS = 500  # the most recent viewers republished per change (views.publish is tier 4)
_lock = threading.Lock()


def opened(services: Services, user: str) -> None:
    """`app_home_opened`: remember the person, and show them the tab now."""
    now = utcnow()
    with services.store.tx() as tx:
        row = tx.get(HomeViewer, user)
        if row is None:
            tx.add(HomeViewer(user_id=user, opened_at=now))
        else:
            row.opened_at = now
    publish(services, [user])


def viewers(services: Services) -> list[str]:
    since = utcnow() - ACTIVE
    with services.store.tx() as tx:
        return list(
            tx.scalars(
                select(HomeViewer.user_id)
                .where(HomeViewer.opened_at >= since)
                .order_by(HomeViewer.opened_at.desc())
                .limit(MAX_VIEWERS)
            )
        )


def publish(services: Services, users: Sequence[str]) -> int:
    """Render from one read of the store and publish each person's view; returns how many went out."""
    if not users:
        return 0
    homes = gather(services.store, list(services.accounts))
    specs = all_actions()
    deciders = approvers(services)
    now = utcnow()
    published = []
    for user in users:
        view = render_home(homes, specs, user=user, approver=deciders.check(user).allowed, now=now)
        try:
            services.slack.views_publish(user_id=user, view=view)
        except SlackApiError as exc:
            log.warning("home: could not publish for %s: %s", user, exc.response.get("error"))
            continue
        published.append(user)
    if published:
        with services.store.tx() as tx:
            tx.execute(update(HomeViewer).where(HomeViewer.user_id.in_(published)).values(published_at=now))
    return len(published)


class Refresher:
    """One pending refresh at a time per process; changes during it cause one more round."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._lock = threading.Lock()
        self._pending = False
        self._again = False

    def poke(self) -> None:
        with self._lock:
            if self._pending:
                self._again = True
                return
            self._pending = True
        self.services.jobs.submit("home.refresh", self._run)

    def _run(self) -> None:
        try:
            time.sleep(DELAY)
            while True:
                with self._lock:
                    self._again = False
                users = viewers(self.services)
                publish(self.services, users)
                with self._lock:
                    if not self._again:
                        return
        finally:
            with self._lock:
                self._pending = False


def refresher(services: Services) -> Refresher:
    with _lock:
        found = services.extras.get("home.refresher")
        if not isinstance(found, Refresher):
            found = Refresher(services)
            services.extras["home.refresher"] = found
        return found


def on_change(services: Services, change: Change) -> None:
    """A `bot.changes` listener: every change may alter someone's Home; the refresh is debounced.

    Nobody has opened Home yet (or not lately): one small query, and no background job at all.
    """
    since = utcnow() - ACTIVE
    with services.store.tx() as tx:
        anyone = tx.scalar(select(HomeViewer.user_id).where(HomeViewer.opened_at >= since).limit(1))
    if anyone is not None:
        refresher(services).poke()
