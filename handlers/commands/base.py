"""The shape every slash command shares: ack at once, then work in the background.

A command module only says how to run (`run(job)`), which arguments it takes, and what to show
while it works; this module does the rest the same way for all of them: parse, resolve the account
(or answer an ephemeral error), ack within Slack's 3 seconds, assume the role, post the parent,
and turn any failure into a clear sentence.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.webhook import WebhookClient

from bot.accounts import Account
from bot.aws.session import AccountSession, AssumeRoleError, Role
from bot.changes import Change, announce
from bot.errors import UserError
from bot.render.blocks import section
from bot.render.message import Message
from bot.services import Services
from bot.slack.answer import Answer, CannotPost
from bot.store.runs import record_run

log = logging.getLogger(__name__)

Parser = Callable[[list[str]], dict[str, Any]]


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    run: Callable[[CommandRun], None]
    usage: str = "[account]"
    takes_account: bool = True
    options: Sequence[str] = ()  # extra words the command accepts after the account
    working: str = "Working on it…"
    # No account named means every account (the command assumes each role itself, so one failing
    # role is a line in its answer rather than the whole answer).
    all_accounts: bool = False
    # Runs before the parent is posted; may point `job.answer` elsewhere (another channel, an
    # existing thread). A UserError here is told privately and nothing is posted.
    prepare: Callable[[CommandRun], None] | None = None

    def usage_line(self) -> str:
        return f"`{self.name} {self.usage}`" if self.usage else f"`{self.name}`"


@dataclass
class CommandRun:
    """Everything a command's background job needs, and the ways it can answer."""

    services: Services
    command: Command
    user_id: str
    channel_id: str
    text: str
    account: Account | None
    options: set[str]
    response_url: str | None
    answer: Answer
    payload: dict[str, Any] = field(default_factory=dict)

    def aws(self, role: Role = "audit") -> AccountSession:
        if self.account is None:
            raise UserError("This command needs an account.")
        return self.services.aws.for_account(self.account, self.user_id, role)

    def ephemeral(self, text: str) -> None:
        """Tell only the person who asked (through the command's response_url)."""
        if self.response_url:
            WebhookClient(self.response_url).send(
                text=text, response_type="ephemeral", replace_original=False
            )
        else:
            self.services.slack.chat_postEphemeral(channel=self.channel_id, user=self.user_id, text=text)

    def progress(self, done: int, total: int, unit: str = "regions") -> None:
        self.answer.progress(f"{done}/{total} {unit}")

    def finish(self, parent: Message, thread: Sequence[Message] = ()) -> None:
        self.answer.finish(parent)
        for message in thread:
            self.answer.reply(message)

    def record(self, headline: str, summary: dict[str, Any]) -> None:
        """Keep this answer's summary for the Home tab, the digest and later commands."""
        if self.account is None:
            return
        record_run(
            self.services.store,
            command=self.command.name,
            account=self.account.name,
            actor=self.user_id,
            headline=headline,
            summary=summary,
            channel=self.answer.channel,
            ts=self.answer.ts,
        )
        announce(self.services, Change(account=self.account.name, command=self.command.name))


def parse(command: Command, text: str, services: Services) -> tuple[Account | None, set[str]]:
    """Split `/aws-x [account] [options…]`; raise UserError with the valid choices."""
    words = text.split()
    options = {w.lower() for w in words if w.lower() in command.options}
    rest = [w for w in words if w.lower() not in command.options]
    if not command.takes_account:
        if rest:
            raise UserError(f"`{command.name}` takes no arguments. Usage: {command.usage_line()}")
        return None, options
    if len(rest) > 1:
        raise UserError(f"Too many arguments. Usage: {command.usage_line()}")
    if not rest and command.all_accounts:
        return None, options
    return services.accounts.resolve(rest[0] if rest else None), options


def register_command(app: App, services: Services, command: Command) -> None:
    @app.command(command.name)
    def listener(ack: Ack, body: dict[str, Any]) -> None:
        text = (body.get("text") or "").strip()
        try:
            account, options = parse(command, text, services)
        except UserError as exc:
            ack(response_type="ephemeral", text=f":warning: {exc}")
            return
        run = CommandRun(
            services=services,
            command=command,
            user_id=body.get("user_id", "unknown"),
            channel_id=body.get("channel_id", ""),
            text=text,
            account=account,
            options=options,
            response_url=body.get("response_url"),
            answer=Answer(services.slack, body.get("channel_id", "")),
            payload=body,
        )
        # Queued before the ack, so whoever sees the ack also sees the job (tests, the demo, a graceful stop).
        services.jobs.submit(command.name, lambda: execute(run), on_error=lambda ref: _failed(run, ref))
        ack()


def execute(run: CommandRun) -> None:
    """The background half of every command, in the quick lane: the role, the parent, then the work.

    A command that reads an account then continues in the scan lane (`bot/jobs.py`), so its parent
    is up at once — saying so when it has to queue — and the quick lane never waits on a scan.
    """
    command = run.command
    if command.takes_account and run.account is not None:
        try:
            run.aws().verify()
        except AssumeRoleError as exc:
            run.ephemeral(f":no_entry: {exc}")
            return
    if command.prepare is not None:
        try:
            command.prepare(run)
        except UserError as exc:
            run.ephemeral(f":warning: {exc}")
            return
    label = f" *{run.account.name}*" if run.account else ""
    note = _queued(run.services) if command.takes_account else None
    try:
        run.answer.start(f"⏳ `{command.name}`{label}: {command.working}", note=note)
    except CannotPost as exc:
        run.ephemeral(
            f":warning: I can't post in this channel ({exc}). Invite me with `/invite @AWS ChatOps` "
            "or run the command in a channel I'm in."
        )
        return
    if command.takes_account:
        jobs = run.services.jobs
        jobs.submit(command.name, lambda: _work(run), on_error=lambda ref: _failed(run, ref), scan=True)
    else:
        _work(run)


def _work(run: CommandRun) -> None:
    try:
        run.command.run(run)
    except UserError as exc:
        run.answer.finish(Message(text=f":warning: {exc}", blocks=[section(f":warning: {exc}")]))


def _queued(services: Services) -> str | None:
    """A line for the parent when every scan slot is taken (progress replaces it once the scan starts)."""
    running, waiting = services.jobs.scans()
    if running < services.jobs.workers:
        return None
    ahead = running + waiting
    return (
        f"Queued behind {ahead} other {'scan' if ahead == 1 else 'scans'} (at most {services.jobs.workers} "
        "run at once); it starts as soon as one finishes."
    )


def _failed(run: CommandRun, reference: str) -> None:
    text = (
        f":x: `{run.command.name}` failed unexpectedly (reference `{reference}` in the bot's log). "
        "Nothing was changed in AWS."
    )
    if run.answer.ts:
        run.answer.finish(Message(text=text, blocks=[section(text)]))
    else:
        run.ephemeral(text)
