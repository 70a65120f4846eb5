"""`python -m bot doctor`: check a real setup before the first incident, not during it.

One line per check, ✓ or ✗ with the fix under each ✗ (– for what does not apply), exit code 1 on
any ✗. In order: configuration; Slack (token, scopes, Socket Mode or HTTP, channels); the store
(reachable, migrated); AWS (the bot's identity, then every account in parallel: the audit role,
one read per service the commands use, the cleanup role). Secrets are never printed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import boto3
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.accounts import Accounts
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess, ClientHook
from bot.doctor import alarm
from bot.doctor import aws as aws_checks
from bot.doctor import slack as slack_checks
from bot.doctor.report import Line, Report, fail, ok
from bot.errors import ConfigError
from bot.settings import Settings, load_configuration
from bot.store import Store, normalize_url


def check_store(settings: Settings) -> tuple[list[Line], Store | None]:
    url = make_url(normalize_url(settings.database_url))
    shown = url.render_as_string(hide_password=True)
    in_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if in_file and not Path(str(url.database)).exists():  # connecting would create it: change nothing
        return [
            fail(
                f"database {shown}: no database file yet",
                "run `python -m bot migrate` to create it (the bot also does it at start-up)",
            )
        ], None
    store = Store(settings.database_url)
    try:
        pending = store.pending_migrations()
    except SQLAlchemyError as exc:
        store.dispose()
        reason = str(getattr(exc, "orig", None) or type(exc).__name__).splitlines()[0][:160]
        return [
            fail(
                f"database {shown}: unreachable ({reason})",
                "check DATABASE_URL: the server is up and reachable, the user and password are right; for "
                "SQLite the file's directory must exist and be writable",
            )
        ], None
    if pending:
        return [
            fail(
                f"database {shown}: reachable, schema not migrated to revision {', '.join(pending)}",
                "run `python -m bot migrate` (the bot also migrates at start-up)",
            )
        ], store
    return [ok(f"database {shown}: reachable, schema current")], store


def run_doctor(
    out: TextIO | None = None,
    *,
    settings: Settings | None = None,
    accounts: Accounts | None = None,
    base_session: boto3.Session | None = None,
    aws_hooks: Sequence[ClientHook] = (),
) -> int:
    report = Report(out or sys.stdout)
    report.out.write("python -m bot doctor — checking this setup (nothing is changed)\n")
    report.section("Configuration")
    if settings is None or accounts is None:
        try:
            settings, accounts = load_configuration()
        except ConfigError as exc:
            report.add(fail(f"configuration: {exc}", "correct that variable (environment or .env) and rerun"))
            return report.close()
    where = settings.accounts_file
    report.add(ok(f"settings loaded (CLEANUP_MODE={settings.cleanup_mode}, {len(accounts)} account(s))"))
    if not accounts:
        report.add(
            fail(
                f"accounts: none in {where}",
                f"add one entry per AWS account to {where} (README: Installing into a workspace) or point "
                "ACCOUNTS_FILE at it",
            )
        )
    if not settings.approvers:
        report.add(
            fail("APPROVERS is empty: nobody can approve a cleanup", "set APPROVERS to Slack user IDs (U…)")
        )
    report.add(alarm.alarm_line(settings, accounts))

    report.section("Slack")
    token_lines, client = slack_checks.check_token(settings)
    report.add(*token_lines)
    report.add(slack_checks.check_transport(settings))
    report.add(*slack_checks.check_channels(settings, client))

    report.section("Store")
    store_lines, store = check_store(settings)
    report.add(*store_lines)

    report.section("AWS")
    access = AwsAccess(base_session, client_hooks=aws_hooks)
    identity, bot_arn = aws_checks.bot_identity(access)
    report.add(identity)
    if bot_arn is not None and accounts:
        fanout = FanOut(settings.aws_workers)
        usable = store if store is not None and not store.pending_migrations() else None
        try:
            per_account = aws_checks.check_accounts(access, fanout, list(accounts), usable, bot_arn)
        finally:
            fanout.shutdown()
        for account in accounts:
            report.section(f"Account {account.name} ({account.account_id})")
            report.add(*per_account[account.name])
            queue = alarm.queue_line(access, account, bot_arn)
            if queue is not None:
                report.add(queue)
    if store is not None:
        store.dispose()
    return report.close()
