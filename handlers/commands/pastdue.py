"""/aws-pastdue (not built yet: answers so, instead of failing)."""

from __future__ import annotations

from bot.errors import UserError
from handlers.commands.base import Command, CommandRun


def run(job: CommandRun) -> None:
    raise UserError("`/aws-pastdue` is not available in this version yet.")


COMMAND = Command(
    name="/aws-pastdue",
    summary="Unpaid invoices by seller of record and currency, aged, with a USD total.",
    run=run,
)
