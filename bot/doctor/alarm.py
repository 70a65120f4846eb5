"""The doctor's lines about the takeover alarm: whether it runs (it needs a channel), and whether the
bot's own identity can read each account's push queue (`alarm_queue_url`, infra/alarm-events.yaml)."""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

from bot.accounts import Account, Accounts
from bot.aws.errors import ProblemKind, classify
from bot.aws.session import AwsAccess
from bot.doctor.report import Line, fail, ok, skip
from bot.settings import Settings
from bot.watch.push import queue_region
from bot.watch.status import watching


def alarm_line(settings: Settings, accounts: Accounts) -> Line:
    if not watching(settings):
        return skip(
            "takeover alarm: off — neither ALERT_CHANNEL nor DIGEST_CHANNEL is set (set one to a channel "
            "ID, C…)"
        )
    source = "ALERT_CHANNEL" if settings.alert_channel else "DIGEST_CHANNEL (ALERT_CHANNEL not set)"
    interval = settings.watch_interval
    poll = f"CloudTrail polled every {interval} s" if interval else "polling off (WATCH_INTERVAL=0)"
    pushed = [a.name for a in accounts if a.alarm_queue_url]
    push = f"; push queue for {', '.join(pushed)}" if pushed else ""
    return ok(f"takeover alarm: alerts in {source} {settings.effective_alert_channel}, {poll}{push}")


def queue_line(access: AwsAccess, account: Account, bot_arn: str | None) -> Line | None:
    url = account.alarm_queue_url
    if not url:
        return None
    name = url.rsplit("/", 1)[-1]
    try:
        attributes = access.bot_client("sqs", queue_region(url)).get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
    except (ClientError, BotoCoreError) as exc:
        problem = classify(exc)
        principal = bot_arn or "<the bot's role ARN>"
        fix = (
            f"deploy infra/alarm-events.yaml in the account with BotPrincipalArn={principal} "
            "(README: Takeover alarm); its policy lets only that principal receive"
            if problem.kind is ProblemKind.ACCESS_DENIED
            else "check alarm_queue_url against the stack's AlarmQueueUrl output"
        )
        return fail(f"alarm queue {name}: {problem.describe()}", fix)
    waiting = attributes.get("ApproximateNumberOfMessages", "0")
    return ok(f"alarm queue {name}: the bot can read it ({waiting} message(s) waiting)")
