"""The checklist in Slack: opened by `/aws-audit`, kept current as people click and evidence changes.

- `after_audit`: an audit that is not "likely legitimate" (or asked with `incident`) opens the
  account's checklist in its thread — or moves the open one there, keeping its state — and any
  audit re-checks the open one.
- `on_change` (a `bot.changes` listener): a `/aws-pastdue` or digest run for an account with an
  open checklist re-checks the bot's items in a background job; the message is edited only when a
  verdict changed.
- `click`: "Assign to me", "Mark done", "Reopen".
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from slack_sdk.errors import SlackApiError

from bot.accounts import Account
from bot.aws.session import SCHEDULER, AccountSession, AssumeRoleError
from bot.changes import Change, announce
from bot.cleanup import notify
from bot.incident import checklist as store_ops
from bot.incident import verify
from bot.incident.checklist import Checklist
from bot.model import Verdict
from bot.render import incident as render
from bot.render.blocks import MAX_TEXT, clip
from bot.render.message import Message
from bot.services import Services
from bot.store.leases import acquire, release

log = logging.getLogger(__name__)

_VALUE = re.compile(r"^(ic_[A-Za-z0-9_-]{8,40}):([a-z_]{1,40})$")
RECHECKED_BY = ("/aws-pastdue", "/aws-digest")  # /aws-audit re-checks through after_audit
READS_AWS = ("/aws-digest",)  # the budget and monitor reads; /aws-pastdue only changes the 91+ item
_LEASE = timedelta(seconds=60)  # one audit at a time opens an account's checklist


def after_audit(
    services: Services,
    account: Account,
    *,
    verdict: str,
    asked_incident: bool,
    user: str,
    session: AccountSession,
    channel: str | None,
    thread_ts: str | None,
) -> Checklist | None:
    """Open (or move here) the account's checklist when the audit calls for it; else re-check it."""
    store = services.store
    wanted = asked_incident or verdict != Verdict.LIKELY_LEGITIMATE.value
    if not wanted or not channel:
        current = store_ops.open_for(store, account.name)
        if current is not None and run_checks(services, current, session=session):
            refresh_message(services, current.id)
        return current
    holder = f"audit:{user}:{thread_ts}"
    lease = f"incident:{account.name}"
    if not acquire(store, lease, holder, _LEASE):
        log.info("incident: another audit of %s is opening its checklist; leaving it to that one", account)
        return store_ops.open_for(store, account.name)
    try:
        current = store_ops.open_for(store, account.name)
        if current is not None and current.message_ts and current.channel:
            _edit(services, current.channel, current.message_ts, render.moved(current))
        if current is None:
            reason = (
                "asked with `/aws-audit incident`"
                if asked_incident and verdict == Verdict.LIKELY_LEGITIMATE.value
                else f"`/aws-audit` said *{verdict}*"
            )
            current = store_ops.create(store, account.name, opened_by=user, reason=reason)
        run_checks(services, current, session=session)
        fresh = store_ops.get(store, current.id)
        assert fresh is not None
        message = render.render_checklist(fresh, ruled_out=verify.compromise_ruled_out(store, account.name))
        posted = services.slack.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=clip(message.text, MAX_TEXT),
            blocks=message.blocks,
            unfurl_links=False,
        )
        store_ops.set_message(store, fresh.id, channel=channel, thread_ts=thread_ts, ts=str(posted["ts"]))
    except SlackApiError as exc:
        log.warning(
            "incident: could not post the checklist for %s: %s", account.name, exc.response.get("error")
        )
    finally:
        release(store, lease, holder)
    announce(services, Change(account=account.name, checklist_id=current.id))
    return store_ops.get(store, current.id)


def run_checks(services: Services, checklist: Checklist, *, session: AccountSession | None) -> bool:
    """Re-verify the bot's items; the AWS reads (budget, monitor) only when a session is given."""
    store, account = services.store, checklist.account
    checks = {
        "access": verify.access(store, account),
        "credentials": verify.guardduty(store, account),
        "pastdue": verify.pastdue(store, account),
    }
    if session is not None:
        checks["guardrails"] = verify.guardrails(session, store)
    changed = store_ops.record_checks(store, checklist.id, checks)
    return store_ops.close_if_done(store, checklist.id) or changed


def refresh_message(services: Services, checklist_id: str) -> None:
    """Re-render the checklist's message from the store, and tell the Home tab."""
    found = store_ops.get(services.store, checklist_id)
    if found is None:
        return
    if found.channel and found.message_ts:
        ruled_out = verify.compromise_ruled_out(services.store, found.account)
        _edit(services, found.channel, found.message_ts, render.render_checklist(found, ruled_out=ruled_out))
    announce(services, Change(account=found.account, checklist_id=found.id))


def on_change(services: Services, change: Change) -> None:
    """A run that may flip a bot-checked item: re-check in the background (one query when none is open)."""
    if change.account is None or change.command not in RECHECKED_BY:
        return
    current = store_ops.open_for(services.store, change.account)
    if current is None:
        return
    account = next((a for a in services.accounts if a.name == change.account), None)
    reads_aws = change.command in READS_AWS and account is not None

    def recheck() -> None:
        session = None
        if reads_aws and account is not None:
            session = services.aws.for_account(account, SCHEDULER)
            try:
                session.verify()
            except AssumeRoleError as exc:
                log.warning("incident: cannot re-check %s's budget and monitor: %s", account.name, exc)
                session = None
        if run_checks(services, current, session=session):
            refresh_message(services, current.id)

    services.jobs.submit("incident.recheck", recheck)


def click(
    services: Services, what: str, value: str, user: str, *, channel: str | None, response_url: str | None
) -> None:
    """A checklist button: assign, mark done or reopen; the message is re-rendered when it changed."""
    match = _VALUE.match(value or "")
    found = store_ops.get(services.store, match.group(1)) if match else None
    if match is None or found is None:
        notify.tell(
            services,
            user=user,
            channel=channel,
            response_url=response_url,
            text="⚠️ I don't know this checklist (it may come from another installation).",
        )
        return
    key = match.group(2)
    action = {"assign": store_ops.assign, "done": store_ops.mark_done, "reopen": store_ops.reopen}[what]
    if action(services.store, found.id, key, user):
        store_ops.close_if_done(services.store, found.id)
        refresh_message(services, found.id)


def _edit(services: Services, channel: str, ts: str, message: Message) -> None:
    try:
        services.slack.chat_update(
            channel=channel, ts=ts, text=clip(message.text, MAX_TEXT), blocks=message.blocks
        )
    except SlackApiError as exc:
        log.warning("incident: could not update the checklist message %s: %s", ts, exc.response.get("error"))
