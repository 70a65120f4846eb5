"""The slash commands. Adding one: a module with `COMMAND = Command(...)`, and one line below.

`/aws-help` is generated from this list, and a test checks each one is declared in manifest.yaml.
"""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers.commands import audit, cost, digest, help, idle, pastdue
from handlers.commands.base import Command, register_command

COMMANDS: list[Command] = [
    audit.COMMAND,
    idle.COMMAND,
    cost.COMMAND,
    pastdue.COMMAND,
    digest.COMMAND,
    help.COMMAND,
]


def register(app: App, services: Services) -> None:
    for command in COMMANDS:
        register_command(app, services, command)
