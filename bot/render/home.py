"""The Home tab view: one block of facts per account, pending cleanup requests, the checklist's progress.

Pure: gathered facts in, a `{"type": "home", "blocks": [...]}` view out. Approvers get Approve /
Reject on each pending request — the cleanup cards' own action IDs, so the same engine checks
apply; everyone else (and the requester, for their own request) sees the requests without them.
A Home view holds at most 100 blocks: past that, requests are listed without buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.cleanup.registry import Action
from bot.home.data import AccountHome
from bot.model import Verdict, money
from bot.render.blocks import Block, actions, button, context, divider, escape, fields, header, section
from bot.render.cleanup import APPROVE, REJECT, pending_lines
from bot.render.incident import summary_line
from bot.store.tables import CleanupRequest

MAX_VIEW_BLOCKS = 100
ACCOUNT_BLOCKS = 4  # divider, name, facts, checklist line
MAX_PENDING_SHOWN = 5  # per account; the rest are counted (their cards are in their threads)


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def _dec(value: object) -> Decimal | None:
    try:
        return None if value is None else Decimal(str(value))
    except InvalidOperation:
        return None


def audit_field(home: AccountHome) -> str:
    run = home.audit
    if run is None:
        return f"never — run `/aws-audit {home.account.name}`"
    verdict = str(run.summary.get("verdict") or "?")
    try:
        emoji = Verdict(verdict).emoji
    except ValueError:
        emoji = ""
    return f"{emoji} {escape(verdict)}\n{when(run.finished_at)}".strip()


def cost_field(home: AccountHome) -> str:
    run = home.cost
    same_day = run is not None and run.finished_at is not None and run.finished_at.date() == home.today
    if home.mtd_today is not None and not same_day:
        text = f"{money(home.mtd_today)} month to date (today)"
    elif run is not None:
        text = f"{money(_dec(run.summary.get('mtd_usd')))} month to date ({when(run.finished_at)})"
    else:
        return f"not read yet — run `/aws-cost {home.account.name}`"
    forecast = _dec(run.summary.get("forecast_usd")) if run is not None else None
    if run is not None and run.finished_at is not None and home.today is not None:
        this_month = run.finished_at.date().replace(day=1) == home.today.replace(day=1)
        if forecast is not None and this_month:
            text += f"\nforecast {money(forecast)} for the month"
    return text


def idle_field(home: AccountHome) -> str:
    run = home.idle
    if run is None:
        return f"not scanned yet — run `/aws-idle {home.account.name}`"
    waste = _dec(run.summary.get("waste_usd"))
    items = run.summary.get("items", 0)
    return f"≈ {money(waste)}/month in {items} items\n{when(run.finished_at)}"


def pastdue_field(home: AccountHome) -> str:
    run = home.pastdue
    if run is None:
        return f"not checked yet — run `/aws-pastdue {home.account.name}`"
    total = _dec(run.summary.get("past_due_usd"))
    old = _dec(run.summary.get("usd_91_plus")) or Decimal(0)
    approx = "≈ " if run.summary.get("approximate") else ""
    if total is None:
        return f"could not be totalled in USD\n{when(run.finished_at)}"
    if total <= 0:
        return f"nothing past due\n{when(run.finished_at)}"
    warning = f" · 🚨 {money(old)} 91+ days" if old > 0 else ""
    return f"{approx}{money(total)}{warning}\n{when(run.finished_at)}"


def _pending_blocks(
    requests: Sequence[CleanupRequest],
    specs: dict[str, Action],
    *,
    approver: bool,
    user: str,
    budget: int,
) -> list[Block]:
    """The requests waiting for a decision; with buttons for an approver while the view has room."""
    if not requests:
        return []
    shown = list(requests[:MAX_PENDING_SHOWN])
    more = len(requests) - len(shown)
    blocks: list[Block] = [section(f"*Waiting for approval* ({len(requests)})")]
    with_buttons = approver and budget >= 1 + 2 * len(shown) + (1 if more else 0)
    if with_buttons:
        for request, line in zip(shown, pending_lines(shown, specs), strict=True):
            blocks.append(section(line))
            if request.requester == user:
                blocks.append(context("Your request: a second person approves or rejects it."))
            else:
                blocks.append(
                    actions(
                        button("Approve", APPROVE, request.id, style="primary"),
                        button("Reject", REJECT, request.id, style="danger"),
                        block_id=f"home.{request.id}",
                    )
                )
    else:
        blocks.append(section("\n".join(pending_lines(shown, specs))))
        if approver:
            blocks.append(
                context("Approve or reject them on their cards, in the threads they were asked in.")
            )
    if more:
        blocks.append(context(f"…and {more} more: see their threads."))
    return blocks


def render_home(
    homes: Sequence[AccountHome],
    specs: dict[str, Action],
    *,
    user: str,
    approver: bool,
    now: datetime,
) -> dict[str, Any]:
    blocks: list[Block] = [
        header("AWS ChatOps"),
        context(
            f"What the commands last found, per account · updated {when(now)} · "
            "`/aws-help` lists the commands"
            + ("" if approver else " · only people in APPROVERS see Approve / Reject here")
        ),
    ]
    if not homes:
        blocks.append(
            section("No AWS accounts are configured yet: add one to the accounts file (see README).")
        )
    for index, home in enumerate(homes):
        account_blocks: list[Block] = [
            divider(),
            section(f"*{escape(home.account.name)}* `{home.account.account_id}`"),
            fields(
                [
                    ("Last audit", audit_field(home)),
                    ("Spend", cost_field(home)),
                    ("Idle", idle_field(home)),
                    ("Past due", pastdue_field(home)),
                ]
            ),
        ]
        if home.checklist is not None:
            where = f" · in <#{home.checklist.channel}>" if home.checklist.channel else ""
            account_blocks.append(context(summary_line(home.checklist) + where))
        reserve = ACCOUNT_BLOCKS * (len(homes) - index - 1)  # the accounts still to come keep their facts
        room = MAX_VIEW_BLOCKS - len(blocks) - len(account_blocks) - reserve
        account_blocks += _pending_blocks(home.pending, specs, approver=approver, user=user, budget=room)
        if len(blocks) + len(account_blocks) > MAX_VIEW_BLOCKS:
            blocks.append(context(f"…and more accounts: {len(homes)} in all. Ask `/aws-help`."))
            break
        blocks += account_blocks
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}
