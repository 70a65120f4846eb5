"""Whether the takeover alarm runs, and how, in one sentence for `/aws-help` (and `doctor`, later).

It needs somewhere to post: ALERT_CHANNEL, else DIGEST_CHANNEL. Without either, neither the poll
nor the push reader starts, and `/aws-help` says so instead of the bot staying silent.
"""

from __future__ import annotations

from bot.accounts import Accounts
from bot.settings import Settings


def watching(settings: Settings) -> bool:
    return settings.effective_alert_channel is not None


def poll_interval(settings: Settings) -> int:
    """The poll job's period in seconds; 0 (not scheduled) without a channel or with WATCH_INTERVAL=0."""
    return settings.watch_interval if watching(settings) else 0


def describe(settings: Settings, accounts: Accounts) -> str:
    if not watching(settings):
        return (
            "🔕 Takeover alarm: off — set `ALERT_CHANNEL` (or `DIGEST_CHANNEL`) to the channel ID where "
            "alarms should go."
        )
    channel = f"<#{settings.effective_alert_channel}>"
    pushed = [a.name for a in accounts if a.alarm_queue_url]
    poll = (
        f"CloudTrail polled every {settings.watch_interval // 60} min"
        if settings.watch_interval >= 60
        else (
            f"CloudTrail polled every {settings.watch_interval} s"
            if settings.watch_interval
            else "polling off"
        )
    )
    push = f"; push queue for {', '.join(pushed)}" if pushed else ""
    return f"🔔 Takeover alarm: alerts in {channel} ({poll}{push})."
