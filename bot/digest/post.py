"""Posting the digest: one parent a day per channel, one reply per account in its thread.

The day's parent `ts` is kept (`DigestThread`, keyed by the local day in DIGEST_TIMEZONE and the
channel), so any later digest that day — `/aws-digest`, or the schedule after an on-demand one —
replies in the same thread and refreshes the parent's lines instead of starting a new thread.
Each account's digest is recorded as a `/aws-digest` run: the parent is rebuilt from them, and the
next digest reads anomalies since the last one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.accounts import Account
from bot.changes import Change, announce
from bot.digest.anomalies import mark_reported
from bot.digest.report import AccountDigest, build_account
from bot.model import Severity
from bot.render import digest as render
from bot.render.blocks import MAX_TEXT, chunk_blocks, clip
from bot.render.message import Message
from bot.services import Services
from bot.settings import Settings
from bot.slack.answer import Answer
from bot.store import Store
from bot.store.runs import record_run
from bot.store.tables import DigestThread, Run
from bot.store.types import utcnow

log = logging.getLogger(__name__)

COMMAND = "/aws-digest"  # how digest runs are recorded, whoever asked (the schedule or a person)


def local_now(settings: Settings, now: datetime | None = None) -> datetime:
    return (now or utcnow()).astimezone(ZoneInfo(settings.digest_timezone))


def find_thread(store: Store, day: date, channel: str) -> str | None:
    with store.tx() as tx:
        row = tx.get(DigestThread, (day, channel))
        return row.ts if row else None


def claim_thread(store: Store, day: date, channel: str, ts: str) -> bool:
    """Record the day's parent; False when another digest recorded one first (a rare race)."""
    try:
        with store.tx() as tx:
            tx.add(DigestThread(day=day, channel=channel, ts=ts))
        return True
    except IntegrityError:
        return False


def since_last_digest(store: Store, account: str) -> date | None:
    """The day before the last digest that read this account's anomalies (AWS extends an open
    anomaly's end date, so starting a day early catches one that grew overnight)."""
    with store.tx() as tx:
        runs = tx.scalars(
            select(Run)
            .where(Run.command == COMMAND, Run.account == account, Run.status == "done")
            .order_by(Run.finished_at.desc(), Run.id.desc())
            .limit(30)
        ).all()
    for run in runs:
        if run.summary.get("anomalies_read") and run.finished_at is not None:
            return run.finished_at.date() - timedelta(days=1)
    return None


def collect(services: Services, accounts: Sequence[Account], actor: str) -> list[AccountDigest]:
    """Every account's digest, in parallel; one account failing never stops the others."""
    store = services.store
    tasks = {
        a.name: (lambda a=a: build_account(services, a, actor, since=since_last_digest(store, a.name)))
        for a in accounts
    }
    results = services.fanout.run(tasks)
    digests = []
    for account in accounts:
        result = results[account.name]
        if result.value is not None:
            digests.append(result.value)
        else:
            problem = result.error.describe() if result.error else "unknown error"
            digests.append(AccountDigest(account, error=f"the digest failed: {problem}"))
    digests.sort(key=lambda d: (-d.severity, d.account.name))
    return digests


def deliver(
    services: Services,
    answer: Answer,
    accounts: Sequence[Account],
    *,
    actor: str,
    channel: str,
    day: date,
    asked_by: str | None = None,
) -> list[AccountDigest]:
    """Read every account, then post: the day's parent (or a re-run header in its thread), then a
    reply per account, worst first. `answer.thread_ts` set means the day's thread exists."""
    store = services.store
    digests = collect(services, accounts, actor)
    lines = {d.account.name: render.account_line(d) for d in digests}
    day_lines = {**_earlier_lines(store, day, channel), **lines}
    if answer.thread_ts is None:
        answer.finish(render.parent(day, list(day_lines.values())))
        if answer.ts and not claim_thread(store, day, channel, answer.ts):
            log.warning(
                "two digest threads for %s in %s: another digest posted at the same moment", day, channel
            )
    else:
        at = local_now(services.settings).strftime("%H:%M %Z")
        answer.finish(render.rerun(day, list(lines.values()), asked_by=asked_by, at=at))
        _refresh_parent(
            services, answer.channel, answer.thread_ts, render.parent(day, list(day_lines.values()))
        )
    for digest in digests:
        answer.reply(render.account_reply(digest))
        record_run(
            store,
            command=COMMAND,
            account=digest.account.name,
            actor=actor,
            headline=lines[digest.account.name].text,
            summary=summary(digest, day=day, channel=channel, line=lines[digest.account.name]),
            status="failed" if digest.error else "done",
            channel=answer.channel,
            ts=answer.replies[-1] if answer.replies else None,
        )
        mark_reported(store, digest.account.name, digest.anomalies)  # posted: never again unless it grows
        announce(services, Change(account=digest.account.name, command=COMMAND))
    return digests


def summary(digest: AccountDigest, *, day: date, channel: str, line: render.Line) -> dict[str, Any]:
    """What the run keeps: the parent's line (to rebuild it) and figures for other readers."""
    spend = digest.spend
    return {
        "day": day.isoformat(),
        "channel": channel,
        "severity": int(line.severity),
        "line": line.text,
        "error": digest.error,
        "yesterday_usd": str(spend.amount) if spend else None,
        "average_7d_usd": str(spend.average) if spend else None,
        "anomalies": len(digest.anomalies),
        "anomalies_read": digest.watch.anomalies is not None,
        "anomaly_impact_usd": str(sum(a.impact for a in digest.anomalies)),
        "budgets": {
            b.name: {"actual": b.actual_level.value, "forecast": b.forecast_level and b.forecast_level.value}
            for b in digest.budgets or []
        },
        "gaps": [g.check for g in digest.gaps],
        "reminders": [r.short for r in digest.reminders],
        "ce_requests": digest.ce_requests,
    }


def _earlier_lines(store: Store, day: date, channel: str) -> dict[str, render.Line]:
    """Each account's latest line already posted in this day's thread."""
    with store.tx() as tx:
        runs = tx.scalars(
            select(Run)
            .where(Run.command == COMMAND, Run.started_at >= utcnow() - timedelta(days=2))
            .order_by(Run.finished_at, Run.id)
        ).all()
    lines = {}
    for run in runs:
        if run.summary.get("day") == day.isoformat() and run.summary.get("channel") == channel:
            severity = Severity(int(run.summary.get("severity", 0)))
            lines[run.account] = render.Line(run.account, severity, run.summary.get("line", run.headline))
    return lines


def _refresh_parent(services: Services, channel: str, ts: str, message: Message) -> None:
    try:
        services.slack.chat_update(
            channel=channel, ts=ts, text=clip(message.text, MAX_TEXT), blocks=chunk_blocks(message.blocks)[0]
        )
    except SlackApiError as exc:  # the replies matter more than the parent's refresh
        log.warning("could not refresh the digest parent %s: %s", ts, exc.response.get("error"))
