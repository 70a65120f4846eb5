"""The /aws-help answer: commands from the registry, accounts from the accounts file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.accounts import Accounts
from bot.render.blocks import context, header, line_sections, section
from bot.render.message import Message
from bot.settings import Settings
from bot.watch.status import describe as watch_status


def mention(slack_id: str) -> str:
    return f"<!subteam^{slack_id}>" if slack_id.startswith("S") else f"<@{slack_id}>"


def render_help(commands: Sequence[Any], accounts: Accounts, settings: Settings) -> tuple[Message, Message]:
    lines = [f"• {c.usage_line()} — {c.summary}" for c in commands]
    default = accounts.default
    every = [c.name for c in commands if getattr(c, "all_accounts", False)]
    every_note = f" (`{'`, `'.join(every)}`: every account)" if every else ""
    note = (
        f"Without an account, commands use *{default.name}*{every_note}."
        if default
        else f"Name an account after a command{every_note}."
    )
    parent = Message(
        text="AWS chat-ops: commands and accounts",
        blocks=[header("AWS chat-ops"), *line_sections(lines), context(note)],
    )
    rows = []
    for account in accounts:
        regions = ", ".join(account.regions) if account.regions else "every enabled region"
        flags = [
            "default" if account is default else "",
            "cleanup role ✓" if account.cleanup_role_arn else "no cleanup role (read-only)",
            "protected: no destructive actions" if account.protected else "",
        ]
        rows.append(
            f"• *{account.name}* `{account.account_id}` — {regions}; " + "; ".join(f for f in flags if f)
        )
    if not rows:
        rows = ["No accounts configured yet: add them to the accounts file (README, “Accounts”)."]
    approvers = ", ".join(mention(a) for a in settings.approvers) or "nobody yet (set APPROVERS)"
    details = Message(
        text="Accounts",
        blocks=[
            section("*Accounts*"),
            *line_sections(rows),
            context(f"Cleanup is approved by a second person: {approvers}. Mode: `{settings.cleanup_mode}`."),
            context(watch_status(settings, accounts)),
        ],
    )
    return parent, details
