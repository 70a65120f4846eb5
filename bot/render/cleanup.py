"""Cleanup requests as Slack messages: the card an approver decides on, its states, the outcome.

Pure: rows and action metadata in, Messages and views out. Button values are request (or batch)
IDs only; what a card shows comes from the store, never from a Slack payload.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.cleanup.facts import show
from bot.cleanup.registry import Action
from bot.model import money
from bot.render.blocks import Block, actions, button, confirm_dialog, context, escape, section
from bot.render.message import Message
from bot.store.tables import CleanupRequest

APPROVE = "cleanup.approve"
REJECT = "cleanup.reject"
APPROVE_ALL = "cleanup.approve_all"
CONFIRM_VIEW = "cleanup.confirm"
CONFIRM_BLOCK = "account_name"
CONFIRM_INPUT = "value"

_STATE_ICON = {
    "pending": "⏳",
    "approved": "👍",
    "executing": "⚙️",
    "done": "✅",
    "failed": "❌",
    "rejected": "🚫",
    "expired": "⌛",
}


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def title(request: CleanupRequest, spec: Action | None) -> str:
    name = spec.title if spec else request.action
    where = request.account if request.region in ("global", "") else f"{request.account} / {request.region}"
    return f"*{escape(name)}* `{escape(request.resource_id)}` · {escape(where)}"


def mode_line(request: CleanupRequest) -> str:
    if request.mode == "execute":
        return "⚠️ *Execute mode*: approving changes AWS through the cleanup role."
    return "🧪 *Dry-run*: approving only checks (EC2 `DryRun`, or a permission simulation); nothing changes."


def facts_line(request: CleanupRequest) -> str:
    shown = [f"{escape(k)} `{escape(show(v))}`" for k, v in sorted(request.facts.items())]
    return "As shown: " + (" · ".join(shown) if shown else "no facts recorded")


def state_line(request: CleanupRequest) -> str:
    icon = _STATE_ICON.get(request.state, "")
    outcome = request.outcome or {}
    summary = escape(outcome.get("summary") or "")
    who = f"<@{request.approver}>" if request.approver else ""
    if request.state == "pending":
        expires = when(request.expires_at)
        return f"{icon} Waiting for an approver (not <@{request.requester}>) · expires {expires}"
    if request.state == "approved":
        return f"{icon} Approved by {who} at {when(request.decided_at)} · re-checking the resource…"
    if request.state == "executing":
        return f"{icon} Approved by {who} at {when(request.decided_at)} · working…"
    if request.state == "rejected":
        return f"{icon} Rejected by {who} at {when(request.decided_at)}; nothing was done."
    if request.state == "expired":
        return f"{icon} Expired at {when(request.expires_at)}: nobody decided; nothing was done."
    by = f" · approved by {who} at {when(request.decided_at)}" if request.approver else ""
    if request.mode == "dry-run":
        label = "Dry-run passed" if request.state == "done" else "Dry-run: would not work"
    else:
        label = "Done" if request.state == "done" else "Not done"
    return f"{icon} *{label}*{by}\n{summary}"


def card(request: CleanupRequest, spec: Action | None, item: dict[str, Any] | None = None) -> Message:
    """The request as posted in the thread (and as updated on every state change)."""
    blocks: list[Block] = [section(title(request, spec))]
    about = [f"Requested by <@{request.requester}> at {when(request.requested_at)}"]
    if item and item.get("monthly_cost"):
        about.append(f"~{money(item['monthly_cost'])}/month")
    if item and item.get("title"):
        about.append(escape(item["title"]))
    blocks.append(context(" · ".join(about)))
    blocks.append(context(facts_line(request)))
    if request.state in ("pending", "approved", "executing"):
        blocks.append(context(mode_line(request)))
        if spec and spec.warning:
            blocks.append(context(f"⚠️ {escape(spec.warning)}"))
    blocks.append(section(state_line(request)))
    if steps := (request.outcome or {}).get("steps"):
        blocks.append(context("\n".join(f"• {escape(s)}" for s in steps[-8:])))
    if request.state == "pending":
        label = "Approve…" if spec and spec.confirm else "Approve"
        blocks.append(
            actions(
                button(label, APPROVE, request.id, style="primary"),
                button("Reject", REJECT, request.id, style="danger"),
                block_id=f"cleanup.{request.id}",
            )
        )
        if spec and spec.confirm:
            blocks.append(context("Approving opens a dialog: type the account name to confirm."))
    text = f"{spec.title if spec else request.action} {request.resource_id}: {request.state}"
    return Message(text=text, blocks=blocks)


def batch_header(
    requests: Sequence[CleanupRequest], specs: dict[str, Action], label: str, batch_id: str
) -> Message:
    """Above a click's several requests: what was asked, and one "Approve all" that checks each."""
    first = requests[0]
    pending = [r for r in requests if r.state == "pending"]
    typed = [r for r in pending if (s := specs.get(r.action)) and s.confirm]
    what = f" from {escape(label)}" if label else ""
    text = (
        f"<@{first.requester}> asks to act on {len(requests)} resources{what} in *{escape(first.account)}*."
    )
    blocks: list[Block] = [section(text), context(mode_line(first))]
    if len(pending) - len(typed) > 1:
        count = len(pending) - len(typed)
        blocks.append(
            actions(
                button(
                    f"Approve all {count}",
                    APPROVE_ALL,
                    batch_id,
                    style="primary",
                    confirm=confirm_dialog(
                        "Approve all?",
                        f"Approve {count} requests? Each is still re-checked before anything is done"
                        + (f"; {len(typed)} need typed confirmation and are skipped." if typed else "."),
                        ok="Approve all",
                    ),
                )
            )
        )
    return Message(text=f"Cleanup requested for {len(requests)} resources", blocks=blocks)


def outcome_reply(request: CleanupRequest, spec: Action | None) -> Message:
    """Posted in the thread when a request ends: who asked, who approved, what happened."""
    outcome = request.outcome or {}
    icon = _STATE_ICON.get(request.state, "")
    name = spec.title if spec else request.action
    mode = "🧪 dry-run" if request.mode == "dry-run" else "⚠️ execute mode"
    summary = escape(outcome.get("summary") or request.state)
    head = f"{icon} *{escape(name)}* `{escape(request.resource_id)}`: {summary}"
    people = f"Requested by <@{request.requester}>"
    if request.approver:
        people += f", approved by <@{request.approver}> at {when(request.decided_at)}"
    blocks = [section(head), context(f"{people} · {mode} · request `{request.id}`")]
    if changes := outcome.get("changes"):
        lines = [
            f"• {escape(c['fact'])}: was `{escape(show(c['was']))}`, now `{escape(show(c['now']))}`"
            for c in changes
        ]
        blocks.insert(1, section("What changed since it was shown:\n" + "\n".join(lines)))
    return Message(text=head, blocks=blocks)


def decision_reply(request: CleanupRequest, spec: Action | None) -> Message:
    text = state_line(request).split("\n")[0]
    name = spec.title if spec else request.action
    return Message(
        text=f"{name} {request.resource_id}: {text}", blocks=[section(f"{title(request, spec)}\n{text}")]
    )


def confirm_view(request: CleanupRequest, spec: Action, account_id: str) -> dict[str, Any]:
    """The modal an approver fills in for what cannot be undone: type the account's name."""
    return {
        "type": "modal",
        "callback_id": CONFIRM_VIEW,
        "private_metadata": request.id,
        "title": {"type": "plain_text", "text": "Confirm approval"},
        "submit": {"type": "plain_text", "text": "Approve"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(
                f"You are approving <@{request.requester}>'s request:\n{title(request, spec)}\n"
                f"⚠️ {escape(spec.warning)} This cannot be undone."
            ),
            context(mode_line(request)),
            {
                "type": "input",
                "block_id": CONFIRM_BLOCK,
                "label": {"type": "plain_text", "text": f"Type the account name ({account_id}) to confirm"},
                "element": {"type": "plain_text_input", "action_id": CONFIRM_INPUT},
            },
        ],
    }


def pending_lines(requests: Sequence[CleanupRequest], specs: dict[str, Action]) -> list[str]:
    """One line per pending request, for the App Home and the digest."""
    lines = []
    for r in requests:
        spec = specs.get(r.action)
        name = spec.title if spec else r.action
        lines.append(
            f"• {escape(name)} `{escape(r.resource_id)}` in *{escape(r.account)}* — "
            f"asked by <@{r.requester}>, expires {when(r.expires_at)}"
        )
    return lines
