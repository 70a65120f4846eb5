"""The push path: an EventBridge rule in the audited account forwards the watched management events to
an SQS queue (`infra/alarm-events.yaml`); the bot long-polls it — seconds instead of minutes.

One background thread per queue (accounts may share one: each message is routed by the account
its event came from), started by a start-up hook and stopped cleanly with the bot. It survives
errors: a failed receive waits 1, 2, 4 … up to 300 seconds before the next, logs when it starts and
stops failing, and records the problem for the digest. A message is deleted only after its events
were judged (or when it can never be read), so a crash means redelivery, and redelivery means
nothing new: the event IDs were already claimed. The poll keeps running beside it: push is the fast
path, the poll the complete one (a StopLogging silences EventBridge, not CloudTrail's event history).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.accounts import Account
from bot.aws.config import DEFAULT_REGION
from bot.aws.errors import classify
from bot.collect.cloudtrail import TrailEvent, parse_record
from bot.services import Services
from bot.store.types import utcnow
from bot.watch import detect
from bot.watch.poll import ensure_seeded
from bot.watch.streams import PUSH_STREAM, mark_failed, mark_ok, stream_of
from bot.watch.thresholds import RULES, WatchRules

log = logging.getLogger(__name__)

DETAIL_TYPES = ("AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail")
_REGION = re.compile(r"(?:^|//)(?:sqs\.)?([a-z]{2}(?:-[a-z]+)+-\d)\.")


@dataclass(frozen=True)
class Message:
    account_id: str | None
    event: TrailEvent


def queue_region(url: str) -> str:
    """`https://sqs.eu-west-1.amazonaws.com/…` → eu-west-1 (legacy `https://eu-west-1.queue…` too)."""
    found = _REGION.search(url)
    return found.group(1) if found else DEFAULT_REGION


def parse(body: str) -> Message | None:
    """An EventBridge event as SQS delivers it (the JSON envelope; `detail` is the CloudTrail record)."""
    try:
        envelope = json.loads(body)
    except (TypeError, ValueError):
        return None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("detail"), dict):
        return None
    if envelope.get("detail-type") not in DETAIL_TYPES:
        return None
    detail = envelope["detail"]
    event = parse_record(detail, str(envelope.get("region") or detail.get("awsRegion") or DEFAULT_REGION))
    if event is None:
        return None
    account_id = envelope.get("account") or detail.get("recipientAccountId")
    return Message(str(account_id) if account_id else None, event)


def receive_once(
    services: Services, url: str, accounts: Sequence[Account], *, wait: int = RULES.push_wait_seconds
) -> int:
    """One long poll: judge what arrived, delete it; returns the number of messages handled."""
    sqs = services.aws.bot_client("sqs", queue_region(url))
    answer = sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=wait, VisibilityTimeout=120
    )
    messages = answer.get("Messages", [])
    if not messages:
        return 0
    by_id = {a.account_id: a for a in accounts}
    routed: dict[str, list[tuple[dict[str, Any], TrailEvent]]] = {}
    handled: list[dict[str, Any]] = []
    for message in messages:
        parsed = parse(message.get("Body", ""))
        account = by_id.get(parsed.account_id or "") if parsed else None
        if parsed is None or account is None:
            why = (
                "not a CloudTrail event from EventBridge"
                if parsed is None
                else f"account {parsed.account_id}"
            )
            log.warning("watch: dropping message %s from %s (%s)", message.get("MessageId"), url, why)
            handled.append(message)  # it will never be readable: redelivering it helps nobody
            continue
        routed.setdefault(account.name, []).append((message, parsed.event))
    for account in accounts:
        pairs = routed.get(account.name)
        if not pairs:
            continue
        events = [event for _, event in pairs]
        try:
            ensure_seeded(services, account, {stream_of(e) for e in events})
            detect.judge(services, account, events, via="push")
        except Exception:
            log.exception(
                "watch: could not judge %d pushed event(s) of %s; SQS redelivers them",
                len(events),
                account.name,
            )
            continue
        handled += [message for message, _ in pairs]
    for i in range(0, len(handled), 10):
        entries = [
            {"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(handled[i : i + 10])
        ]
        sqs.delete_message_batch(QueueUrl=url, Entries=entries)
    return len(handled)


class PushReader(threading.Thread):
    """Long-polls one queue until stopped; errors back off exponentially and are recorded."""

    def __init__(
        self, services: Services, url: str, accounts: Sequence[Account], rules: WatchRules = RULES
    ) -> None:
        super().__init__(name=f"watch-push-{url.rsplit('/', 1)[-1]}"[:60], daemon=True)
        self.services = services
        self.url = url
        self.accounts = list(accounts)
        self.rules = rules
        self.stopping = threading.Event()
        self.received = 0
        self.failures = 0

    def run(self) -> None:
        delay = 1.0
        failing = False
        while not self.stopping.is_set():
            try:
                self.received += receive_once(
                    self.services, self.url, self.accounts, wait=self.rules.push_wait_seconds
                )
            except Exception as exc:
                self.failures += 1
                problem = f"push queue {self.url}: {classify(exc).describe()}"
                self._record(problem)
                if not failing:
                    log.warning("watch: %s; retrying with back-off (the poll still runs)", problem)
                failing = True
                self.stopping.wait(delay)
                delay = min(delay * 2, self.rules.push_backoff_max)
                continue
            if failing:
                log.info("watch: push queue %s readable again", self.url)
                self._record(None)
            failing, delay = False, 1.0

    def stop(self, timeout: float | None = None) -> None:
        self.stopping.set()
        self.join(timeout if timeout is not None else self.rules.push_wait_seconds + 5)

    def _record(self, problem: str | None) -> None:
        try:
            with self.services.store.tx() as tx:
                for account in self.accounts:
                    if problem:
                        mark_failed(tx, account.name, PUSH_STREAM, problem, utcnow())
                    else:
                        mark_ok(tx, account.name, PUSH_STREAM, utcnow())
        except Exception:
            log.exception("watch: could not record the push queue's state")


def start(services: Services) -> Callable[[], None] | None:
    """The start-up hook: a reader per distinct queue, when there is a channel to alert in."""
    from bot.watch.status import watching

    queues: dict[str, list[Account]] = {}
    for account in services.accounts:
        if account.alarm_queue_url:
            queues.setdefault(account.alarm_queue_url, []).append(account)
    if not queues:
        return None
    if not watching(services.settings):
        log.warning("watch: push queues are configured but neither ALERT_CHANNEL nor DIGEST_CHANNEL is set")
        return None
    readers = [PushReader(services, url, accounts) for url, accounts in queues.items()]
    for reader in readers:
        reader.start()
        log.info("watch: long-polling %s for %s", reader.url, ", ".join(a.name for a in reader.accounts))

    def stop() -> None:
        for reader in readers:
            reader.stopping.set()
        for reader in readers:
            reader.stop()

    return stop
