"""/aws-help: what each command does and which accounts exist, generated from the registry."""

from __future__ import annotations

from bot.render.help import render_help
from handlers.commands.base import Command, CommandRun


def run(job: CommandRun) -> None:
    from handlers.commands import COMMANDS

    parent, details = render_help(COMMANDS, job.services.accounts, job.services.settings)
    job.finish(parent, [details])


COMMAND = Command(
    name="/aws-help",
    summary="What each command does and which accounts exist.",
    run=run,
    usage="",
    takes_account=False,
    working="Gathering help…",
)
