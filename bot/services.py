"""The bot's long-lived parts, built once from settings and handed to every handler and job."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import boto3
from slack_sdk import WebClient

from bot.accounts import Accounts
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess, ClientHook
from bot.jobs import JobRunner
from bot.settings import Settings
from bot.slack.client import make_web_client
from bot.store import Store


@dataclass
class Services:
    settings: Settings
    accounts: Accounts
    store: Store
    aws: AwsAccess
    fanout: FanOut
    jobs: JobRunner
    slack: WebClient
    extras: dict[str, object] = field(default_factory=dict)

    def close(self) -> None:
        self.jobs.shutdown(wait=True)
        self.fanout.shutdown()
        self.store.dispose()


def build_services(
    settings: Settings,
    accounts: Accounts,
    *,
    aws_hooks: Sequence[ClientHook] = (),
    base_session: boto3.Session | None = None,
    migrate: bool = True,
) -> Services:
    store = Store(settings.database_url)
    if migrate:
        store.migrate()
    return Services(
        settings=settings,
        accounts=accounts,
        store=store,
        aws=AwsAccess(base_session, client_hooks=aws_hooks),
        fanout=FanOut(settings.aws_workers),
        jobs=JobRunner(settings.job_workers),
        slack=make_web_client(settings),
    )
