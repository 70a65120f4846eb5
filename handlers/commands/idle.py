"""/aws-idle (not built yet: answers so, instead of failing)."""

from __future__ import annotations

from bot.errors import UserError
from handlers.commands.base import Command, CommandRun


def run(job: CommandRun) -> None:
    raise UserError("`/aws-idle` is not available in this version yet.")


COMMAND = Command(
    name="/aws-idle",
    summary="Idle and over-provisioned resources with their monthly waste, and cleanup buttons.",
    run=run,
)
