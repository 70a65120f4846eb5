"""The incident checklist as a Slack message, and its one-line summary for the Home tab and digest.

Pure: the checklist's stored state in, a Message out. Buttons carry `<checklist id>:<item key>` only;
who clicked comes from Slack's signed payload, everything else from the store.
"""

from __future__ import annotations

from datetime import datetime

from bot.incident.checklist import Checklist, ItemState
from bot.incident.items import ITEMS
from bot.render.blocks import Block, actions, button, context, escape, header, section
from bot.render.message import Message

ASSIGN = "incident.assign"
DONE = "incident.done"
REOPEN = "incident.reopen"
_NUMBER = {item.key: n for n, item in enumerate(ITEMS, start=1)}


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def waiting_for(checklist: Checklist, state: ItemState, *, ruled_out: bool) -> list[int]:
    """The items this one should wait for, still open (none once an audit ruled compromise out)."""
    if ruled_out and state.item.key == "idle":
        return []
    return [_NUMBER[k] for k in state.item.after if not checklist.state(k).done]


def item_text(checklist: Checklist, state: ItemState, *, ruled_out: bool) -> str:
    item = state.item
    icon = "✅" if state.done else "⬜"
    owner = f"owner <@{state.owner}>" if state.owner else "_no owner yet_"
    head = f"{icon} *{_NUMBER[item.key]}. {escape(item.title)}* · {owner}"
    waiting = waiting_for(checklist, state, ruled_out=ruled_out)
    if waiting and not state.done:
        head += f" · ⏸ after {', '.join(str(n) for n in waiting)}"
    lines = [head]
    if not state.done:
        lines.append(f"_Needs:_ {item.needs} · _Done when:_ {item.done_when}")
    if item.verify is not None:
        mark = {True: "✓", False: "✗", None: "?"}[state.verified]
        lines.append(f"🤖 {mark} {escape(state.verified_detail or 'not checked yet')}")
    if item.manual and state.done_by:
        lines.append(f"👤 ✓ marked done by <@{state.done_by}> at {when(state.done_at)}")
    return "\n".join(lines)


def item_buttons(checklist: Checklist, state: ItemState) -> Block | None:
    value = f"{checklist.id}:{state.item.key}"
    elements = []
    if not state.done:
        elements.append(button("Assign to me", ASSIGN, value))
    if state.item.manual:
        if state.done_by:
            elements.append(button("Reopen", REOPEN, value))
        else:
            elements.append(button("Mark done", DONE, value, style="primary"))
    if not elements:
        return None
    return actions(*elements, block_id=f"incident.{state.item.key}")


def render_checklist(checklist: Checklist, *, ruled_out: bool = False) -> Message:
    total = len(checklist.items)
    done = checklist.done_count
    blocks: list[Block] = [header(f"🚑 Incident checklist — {checklist.account}")]
    status = (
        f"✅ *All {total} done* — closed {when(checklist.closed_at)}"
        if checklist.closed_at
        else f"*{done} of {total} done*"
    )
    blocks.append(
        context(
            f"Opened {when(checklist.opened_at)} by <@{checklist.opened_by}>: {escape(checklist.reason)} · "
            f"{status} · 🤖 items are ticked by the bot when it can verify them (re-checked at each "
            "`/aws-audit`, `/aws-pastdue` and digest); people tick the rest."
        )
    )
    for state in checklist.items:
        blocks.append(section(item_text(checklist, state, ruled_out=ruled_out)))
        buttons = item_buttons(checklist, state)
        if buttons is not None:
            blocks.append(buttons)
    text = f"🚑 Incident checklist for {checklist.account}: {done} of {total} done"
    return Message(text=text, blocks=blocks)


def moved(checklist: Checklist) -> Message:
    """What the previous message says once the checklist moved to a newer audit's thread."""
    text = (
        f"🚑 Incident checklist for {checklist.account}: {checklist.done_count} of "
        f"{len(checklist.items)} done — continued in the thread of the latest `/aws-audit`."
    )
    return Message(text=text, blocks=[section(text)])


def summary_line(checklist: Checklist) -> str:
    """One line: progress and the first open items with their owners (Home tab, digest)."""
    total = len(checklist.items)
    opened = checklist.open_items
    if not opened:
        return f"✅ incident checklist: all {total} done"
    first = ", ".join(
        f"{_NUMBER[s.item.key]}. {escape(s.item.title)}" + (f" (<@{s.owner}>)" if s.owner else "")
        for s in opened[:3]
    )
    more = f" and {len(opened) - 3} more" if len(opened) > 3 else ""
    return f"🚑 incident checklist: {checklist.done_count} of {total} done — open: {first}{more}"
