"""The scheduled digest: what `bot.scheduler` runs on DIGEST_CRON (and the demo runs directly)."""

from __future__ import annotations

import logging

from bot.aws.session import SCHEDULER
from bot.digest.post import deliver, find_thread, local_now
from bot.services import Services
from bot.slack.answer import Answer, CannotPost

log = logging.getLogger(__name__)


def scheduled_digest(services: Services) -> None:
    """Every account's digest into DIGEST_CHANNEL: today's thread if there is one, else a new parent."""
    channel = services.settings.digest_channel
    if not channel:
        log.info("digest: DIGEST_CHANNEL is not set; nothing to post")
        return
    accounts = list(services.accounts)
    if not accounts:
        log.warning("digest: no accounts configured; nothing to post")
        return
    day = local_now(services.settings).date()
    answer = Answer(services.slack, channel, thread_ts=find_thread(services.store, day, channel))
    try:
        deliver(services, answer, accounts, actor=SCHEDULER, channel=channel, day=day)
    except CannotPost as exc:
        log.error(
            "digest: cannot post in DIGEST_CHANNEL %s (%s): invite the bot to the channel", channel, exc
        )
