"""/aws-audit (not built yet: answers so, instead of failing)."""

from __future__ import annotations

from bot.errors import UserError
from handlers.commands.base import Command, CommandRun


def run(job: CommandRun) -> None:
    raise UserError("`/aws-audit` is not available in this version yet.")


COMMAND = Command(
    name="/aws-audit",
    summary="Compromise audit: spike-or-run-rate verdict with its evidence.",
    run=run,
)
