"""`python -m bot [subcommand]`: serve Slack by default; demo, doctor and tools as subcommands."""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence

from bot.errors import ConfigError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="AWS chat-ops Slack bot. Without a subcommand: serve Slack (Socket Mode when "
        "SLACK_APP_TOKEN is set, else HTTP on $PORT).",
    )
    sub = parser.add_subparsers(dest="command", metavar="subcommand")
    sub.add_parser("serve", help="serve Slack (the default)")
    sub.add_parser("demo", help="run every command against a built-in demo account; no Slack, no AWS")
    sub.add_parser("doctor", help="check a real setup: tokens, scopes, roles, permissions, database")
    sub.add_parser("migrate", help="create or upgrade the store's tables (the bot also does it at start-up)")
    payments = sub.add_parser("import-payments", help="record paid invoices from a CSV file")
    payments.add_argument("file", help="CSV: invoice_id,paid_date,amount,currency,reference")
    sub.add_parser("new-external-id", help="print a strong random ExternalId for a new account")
    args = parser.parse_args(argv)

    try:
        if args.command in (None, "serve"):
            return _serve()
        if args.command == "demo":
            from bot.demo import run_demo

            return run_demo()
        if args.command == "new-external-id":
            print(secrets.token_urlsafe(32))
            return 0
        if args.command == "import-payments":
            return _import_payments(args.file)
        if args.command == "doctor":
            from bot.doctor import run_doctor

            return run_doctor()
        if args.command == "migrate":
            return _migrate()
        parser.print_help(sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2


def _import_payments(path: str) -> int:
    """Record paid invoices from a CSV; 0 when every row was good, 1 when some were refused."""
    import getpass
    from pathlib import Path

    from bot.billing.payments_csv import FORMAT_HINT, import_payments
    from bot.settings import load_settings
    from bot.store import Store
    from bot.store.types import utcnow

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        print(f"cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    store = Store(load_settings().database_url)
    try:
        store.migrate()
        report = import_payments(
            store, data, recorded_by=f"cli:{getpass.getuser()}"[:64], source="cli-csv", today=utcnow().date()
        )
    finally:
        store.dispose()
    for line in report.lines():
        print(line)
    if not report.ok:
        print(f"Expected columns: {FORMAT_HINT.replace('`', '')}", file=sys.stderr)
        return 1
    return 0


def _migrate() -> int:
    from sqlalchemy.engine import make_url

    from bot.settings import load_settings
    from bot.store import Store

    settings = load_settings()
    store = Store(settings.database_url)
    try:
        store.migrate()
    finally:
        store.dispose()
    print(f"{make_url(settings.database_url).render_as_string(hide_password=True)}: schema current")
    return 0


def _serve() -> int:
    from slack_bolt.error import BoltError

    from bot.app import build_app
    from bot.logs import setup_logging
    from bot.server import serve
    from bot.services import build_services
    from bot.settings import load_configuration
    from bot.startup import start

    settings, accounts = load_configuration()
    settings.require_serving()
    setup_logging(settings.log_level)
    services = build_services(settings, accounts)
    try:
        app = build_app(services)
    except BoltError as exc:
        raise ConfigError(f"SLACK_BOT_TOKEN: Slack refused it at start-up ({exc})") from None
    stops = start(services)
    try:
        serve(app, services)
    finally:
        for stop in stops:
            stop()
        services.close()
    return 0
