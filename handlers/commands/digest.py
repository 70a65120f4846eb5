"""/aws-digest [account]: the daily digest now — every account, or the one named.

It goes where the scheduled digest goes (DIGEST_CHANNEL, else the channel where it was asked),
and into today's thread when the day already has one; whoever asked from another channel gets a
private pointer to it. The AWS reads run as the person who asked, so CloudTrail names them.
"""

from __future__ import annotations

from bot.digest.post import deliver, find_thread, local_now
from bot.errors import UserError
from handlers.commands.base import Command, CommandRun


def _channel(job: CommandRun) -> str:
    return job.services.settings.digest_channel or job.channel_id


def prepare(job: CommandRun) -> None:
    """Point the answer at the digest channel, inside today's thread if it exists."""
    if not job.services.accounts:
        raise UserError("No AWS accounts are configured yet: add one to the accounts file (see README).")
    channel = _channel(job)
    day = local_now(job.services.settings).date()
    job.answer.channel = channel
    job.answer.thread_ts = find_thread(job.services.store, day, channel)


def run(job: CommandRun) -> None:
    channel = _channel(job)
    accounts = [job.account] if job.account else list(job.services.accounts)
    day = local_now(job.services.settings).date()
    deliver(
        job.services, job.answer, accounts, actor=job.user_id, channel=channel, day=day, asked_by=job.user_id
    )
    if channel != job.channel_id:
        job.ephemeral(f"Posted the digest in <#{channel}> (today's thread).")


COMMAND = Command(
    name="/aws-digest",
    summary="Posts the daily digest (budgets, anomalies, reminders) now: every account, or the one named.",
    run=run,
    all_accounts=True,
    prepare=prepare,
    working="Reading spend, budgets and anomalies…",
)
