"""/aws-digest (not built yet: answers so, instead of failing)."""

from __future__ import annotations

from bot.errors import UserError
from handlers.commands.base import Command, CommandRun


def run(job: CommandRun) -> None:
    raise UserError("`/aws-digest` is not available in this version yet.")


COMMAND = Command(
    name="/aws-digest",
    summary="Posts the daily digest (budgets, anomalies, reminders) now.",
    run=run,
)
