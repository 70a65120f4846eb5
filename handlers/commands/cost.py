"""/aws-cost (not built yet: answers so, instead of failing)."""

from __future__ import annotations

from bot.errors import UserError
from handlers.commands.base import Command, CommandRun


def run(job: CommandRun) -> None:
    raise UserError("`/aws-cost` is not available in this version yet.")


COMMAND = Command(
    name="/aws-cost",
    summary="Month-to-date spend by service, region, usage type and account; forecast; change vs last month.",
    run=run,
)
