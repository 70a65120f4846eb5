"""The takeover alarm in Slack: the alert (parent), each batch of events in its thread, re-posts, ack.

Pure: the stored alert, its events and the buttons to show in, `Message`s out. The parent says what
happened, who (principal, access key, source IP), where, when and how many, with the Acknowledge
button and the containment buttons; the thread has the raw events — every identifier verbatim,
inline up to 10 events, all of them (with the CloudTrail record) in a CSV beyond that.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.accounts import Account
from bot.collect.cloudtrail import (
    TrailEvent,
    created_access_key,
    launched,
    login_succeeded,
    mfa_used,
    protection_change,
    resource_name,
    short_principal,
    target_user,
)
from bot.model import Severity
from bot.render.blocks import (
    actions,
    button,
    code_table,
    confirm_dialog,
    context,
    escape,
    fields,
    header,
    line_sections,
    section,
)
from bot.render.message import CsvFile, Message
from bot.store.tables import WatchAlert

ACKNOWLEDGE = "watch.acknowledge"
INLINE_EVENTS = 10
INLINE_IDS = 3  # identifiers per table cell; beyond, the CSV has them all
INLINE_HEADER = ["time (UTC)", "event", "region", "principal", "key", "source IP", "what", "event ID"]
CSV_HEADER = [
    "time", "event", "region", "principal", "principal type", "access key", "source ip", "user agent",
    "error", "what", "event id", "cloudtrail record",
]  # fmt: skip


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: str
    destructive: bool = False
    describe: str = ""  # the confirmation dialog's text; empty: no dialog


def render_alert(alert: WatchAlert, account: Account | None, buttons: Sequence[Button] = ()) -> Message:
    severity = Severity(alert.severity)
    s = alert.summary or {}
    where = account.name if account else alert.account
    account_id = f" `{account.account_id}`" if account else ""
    headline = alert.headline or "suspicious activity"
    text = f"{severity.emoji} Takeover alarm in {where}: {headline}"
    blocks = [
        header(f"{'🚨' if severity >= Severity.CRITICAL else '⚠️'} Takeover alarm — {where}"),
        section(f"*{escape(headline)}*"),
        fields(
            [
                ("Who", _codes(s.get("principals", []), 4) or "—"),
                ("Access key", _codes(s.get("keys", []), 4) or "none (console or role session)"),
                ("Source IP", _codes(s.get("ips", []), 4) or "—"),
                ("Where", f"{', '.join(s.get('regions', [])) or '—'} · {where}{account_id}"),
                ("When", _when(alert)),
                ("How many", _how_many(s)),
            ]
        ),
        *line_sections([_rule_line(entry) for entry in _rules(s)]),
    ]
    elements = []
    if alert.state != "acknowledged":
        elements.append(button("Acknowledge", ACKNOWLEDGE, alert.id, style="primary"))
    for b in buttons[:24]:
        confirm = (
            confirm_dialog("File a containment request?", b.describe, ok="File request")
            if b.describe
            else None
        )
        elements.append(
            button(b.label, b.action_id, b.value, style="danger" if b.destructive else None, confirm=confirm)
        )
    if elements:
        blocks.append(actions(*elements))
    blocks.append(context(_state_line(alert), _source_line(alert)))
    return Message(text=text, blocks=blocks)


def render_update(
    alert: WatchAlert, update: Mapping[str, Any], events: Sequence[TrailEvent], first: bool
) -> Message:
    """One batch in the thread: the rules it fired (with their thresholds) and its events."""
    hits = update.get("hits") or []
    related = len(update.get("related") or [])
    lines = []
    for h in hits:
        lines.append(f"{Severity(h['severity']).emoji} *{escape(h['label'])}* — {escape(h['title'])}")
        if h.get("threshold"):
            lines.append(f"      _rule: {escape(h['threshold'])}_")
    if related:
        lines.append(f"➕ {related} related event(s) by the same principal or key (no rule of their own)")
    if first:
        intro = "*What happened*"
    else:
        when = update.get("at", "")[11:16]
        intro = f"*More since the alert* ({when} UTC)" + (
            " — the alert was already acknowledged" if alert.state == "acknowledged" else ""
        )
    blocks = [section(intro), *line_sections(lines or ["(no rule: related events)"])]
    rows = [_row(e) for e in events]
    files = []
    if events:
        blocks += code_table(INLINE_HEADER, [r.inline for r in rows[:INLINE_EVENTS]])
        if len(rows) > INLINE_EVENTS or any(r.abbreviated for r in rows):
            name = f"alarm-{alert.id[-8:]}-events-{update.get('index', 0) + 1}.csv"
            title = f"CloudTrail events ({len(rows)})"
            files.append(CsvFile(filename=name, title=title, header=CSV_HEADER, rows=[r.full for r in rows]))
            blocks.append(
                context(
                    f"{min(len(rows), INLINE_EVENTS)} of {len(rows)} shown; all of them, with every "
                    f"identifier and the raw CloudTrail record, in `{name}`."
                )
            )
        blocks.append(context("Event IDs are CloudTrail's: look them up in CloudTrail → Event history."))
    text = f"{len(hits)} rule(s), {len(events)} event(s)"
    return Message(text=text, blocks=blocks, files=files)


def render_repost(alert: WatchAlert, minutes: int) -> Message:
    """The reminder, broadcast from the thread to the channel: still nobody has taken it."""
    text = f"⏰ <!here> Still unacknowledged after {minutes} min: {alert.headline}"
    return Message(
        text=text,
        blocks=[
            section(f"⏰ <!here> *Still unacknowledged after {minutes} min:* {escape(alert.headline)}"),
            context(_how_many(alert.summary or {}) + " · details and containment in this thread"),
            actions(button("Acknowledge", ACKNOWLEDGE, alert.id, style="primary")),
        ],
    )


def render_acknowledged(alert: WatchAlert) -> Message:
    when = alert.acked_at.strftime("%H:%M UTC") if alert.acked_at else ""
    return Message(
        text=f"Acknowledged by <@{alert.acked_by}>",
        blocks=[section(f"✅ <@{alert.acked_by}> acknowledged this alert at {when}: it is theirs now.")],
    )


def already_acknowledged(alert: WatchAlert) -> str:
    when = alert.acked_at.strftime("%Y-%m-%d %H:%M UTC") if alert.acked_at else "earlier"
    return f"This alert was already acknowledged by <@{alert.acked_by}> at {when}."


# --- pieces -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Row:
    inline: list[str]
    full: list[str]
    abbreviated: bool


def _row(event: TrailEvent) -> _Row:
    resources, shown = what(event)
    name = event.name + ("" if event.ok else f" ✗ {event.error_code}")
    inline = [
        event.time.strftime("%m-%d %H:%M:%S"),
        name,
        event.region,
        short_principal(event.principal),
        event.access_key or "",
        event.source_ip or "",
        shown,
        event.event_id,
    ]
    full = [
        event.time.isoformat(),
        event.name,
        event.region,
        event.principal,
        event.principal_type,
        event.access_key or "",
        event.source_ip or "",
        event.user_agent or "",
        event.error_code or "",
        "; ".join(resources),
        event.event_id,
        json.dumps(dict(event.record), default=str, separators=(",", ":")),
    ]
    return _Row(inline, full, len(resources) > INLINE_IDS)


def what(event: TrailEvent) -> tuple[list[str], str]:
    """The resources an event touched (all of them) and a short cell for the table."""
    items: list[str]
    if event.name == "RunInstances":
        instances = launched(event)
        items = [f"{i.instance_id} ({i.instance_type})" for i in instances]
        if not instances:
            requested = event.request.get("instanceType") or "?"
            return [], f"{requested} (none launched)"
    elif event.name == "ModifyInstanceAttribute":
        change = protection_change(event)
        items = [f"{change[0]} protection {'on' if change[1] else 'off'}"] if change else []
    elif event.name == "CreateAccessKey":
        created = created_access_key(event)
        items = [f"{created[1]} for {created[0]}"] if created else []
    elif event.name in ("AttachUserPolicy", "PutUserPolicy"):
        policy = str(event.request.get("policyArn") or event.request.get("policyName") or "?")
        items = [f"{policy.rsplit('/', 1)[-1]} → {target_user(event) or '?'}"]
    elif event.name == "ConsoleLogin":
        mfa = {True: "MFA", False: "no MFA", None: ""}[mfa_used(event)]
        items = [f"{'success' if login_succeeded(event) else 'failure'} {mfa}".strip()]
    elif event.name == "DeleteDetector":
        items = [str(event.request.get("detectorId") or "")]
    else:
        name = resource_name(event) or target_user(event)
        items = [str(name)] if name else []
    items = [i for i in items if i]
    cell = ", ".join(items[:INLINE_IDS]) + (f" +{len(items) - INLINE_IDS}" if len(items) > INLINE_IDS else "")
    return items, cell


def _rules(summary: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    entries = list((summary.get("rules") or {}).values())
    return sorted(entries, key=lambda r: (-int(r["severity"]), r["label"]))


def _rule_line(entry: Mapping[str, Any]) -> str:
    earlier = int(entry.get("hits", 1)) - 1
    more = f" _(+{earlier} earlier in the thread)_" if earlier > 0 else ""
    emoji = Severity(int(entry["severity"])).emoji
    return f"{emoji} *{escape(entry['label'])}* — {escape(entry['title'])}{more}"


def _codes(values: Sequence[str], limit: int) -> str:
    shown = ", ".join(f"`{escape(v)}`" for v in values[:limit])
    return shown + (f" +{len(values) - limit}" if len(values) > limit else "")


def _when(alert: WatchAlert) -> str:
    first, last = alert.first_event_at, alert.last_event_at
    span = _clock(first) if first == last else f"{_clock(first)} – {last.strftime('%H:%M')} UTC"
    latency = (alert.summary or {}).get("latency_s")
    if alert.posted_at is None or latency is None:
        return span
    when = f"alerted {alert.posted_at.strftime('%H:%M UTC')}"
    since_first = (alert.posted_at - first).total_seconds()
    if abs(since_first - latency) < 60:
        return f"{span}\n{when}, {_delay(latency)} after the event"
    return f"{span}\n{when}: {_delay(since_first)} after the first event, {_delay(latency)} after the last"


def _clock(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _delay(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{max(seconds, 0):.0f} s"


def _how_many(summary: Mapping[str, Any]) -> str:
    parts = [f"{summary.get('events', 0)} event(s)"]
    instances = len(summary.get("instances", []))
    if instances:
        parts.append(f"{instances} instance(s) launched")
    return " · ".join(parts)


def _state_line(alert: WatchAlert) -> str:
    if alert.state == "acknowledged" and alert.acked_at is not None:
        return f"✅ Acknowledged by <@{alert.acked_by}> at {alert.acked_at.strftime('%H:%M UTC')}"
    again = " · re-posted every 15 min until acknowledged" if alert.severity >= Severity.CRITICAL else ""
    return f"🔔 Unacknowledged: anyone here can acknowledge{again}"


def _source_line(alert: WatchAlert) -> str:
    source = {"poll": "CloudTrail poll", "push": "EventBridge push"}.get(alert.via, alert.via)
    return (
        f"Raised by the {source}. Raw events in the thread. Containment buttons file a request; "
        "a second person in APPROVERS approves before anything is done."
    )
