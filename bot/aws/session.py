"""Role sessions: AssumeRole per account and person, cached, refreshed, and traceable in CloudTrail.

Every session names who asked (`SourceIdentity`, `RoleSessionName`) and proves the caller with the
account's `ExternalId`, so the audited account's CloudTrail shows which Slack user did what.
Credentials are refreshed by botocore shortly before they expire; the bot never holds long-lived
keys of an audited account.

A session and its clients (about 13 MB for one person's audit of 17 regions) are kept for the
person's next command, but not forever: at most `MAX_SESSIONS`, the least recently used dropped
first, and none unused for `IDLE_SECONDS`. Without the bound, every distinct person who ever ran a
command kept their clients for the life of the process. A dropped session still works for any
command holding it; the next command of that person assumes the role again.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import boto3
import botocore.session
from botocore.client import BaseClient
from botocore.credentials import CredentialProvider, CredentialResolver, DeferredRefreshableCredentials
from botocore.exceptions import BotoCoreError, ClientError

from bot.accounts import Account
from bot.aws.clients import LOADER, configure
from bot.aws.config import DEFAULT_REGION, GLOBAL_SERVICE_REGION, client_config
from bot.aws.errors import AwsProblem, classify

log = logging.getLogger(__name__)

SCHEDULER = "chatops-scheduler"
SESSION_SECONDS = 3600
MAX_SESSIONS = 8  # role sessions kept between commands (each holds its clients)
IDLE_SECONDS = 900.0  # a session unused this long is dropped
Role = Literal["audit", "cleanup"]
ClientHook = Callable[[BaseClient, str, str], None]
_LOADER = LOADER  # the parsed service models every role session shares (bot/aws/clients.py)


class AssumeRoleError(Exception):
    """The bot could not assume an account's role; the message says what to fix.

    `problem` is AWS's own answer (code and message), for `python -m bot doctor`'s finer advice.
    """

    def __init__(self, message: str, problem: AwsProblem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


def source_identity(actor: str) -> str:
    """`slack-U123ABC` for a person, `chatops-scheduler` for the bot's own jobs (2–64 chars)."""
    if actor == SCHEDULER:
        return SCHEDULER
    return "slack-" + re.sub(r"[^\w+=,.@-]", "-", actor)[:58]


class _Provider(CredentialProvider):
    METHOD = "chatops-assume-role"

    def __init__(self, credentials: DeferredRefreshableCredentials) -> None:
        self._credentials = credentials

    def load(self) -> DeferredRefreshableCredentials:
        return self._credentials


class AwsAccess:
    """Hands out account sessions; one per (account, role, actor), kept for later commands within bounds."""

    def __init__(
        self,
        base_session: boto3.Session | None = None,
        *,
        client_hooks: Sequence[ClientHook] = (),
        max_sessions: int = MAX_SESSIONS,
        idle_seconds: float = IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._base = base_session or boto3.Session()
        self._hooks = list(client_hooks)
        self._sessions: OrderedDict[tuple[str, str, str], AccountSession] = OrderedDict()
        self._used: dict[tuple[str, str, str], float] = {}
        self._max_sessions = max_sessions
        self._idle_seconds = idle_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._sts: BaseClient | None = None
        self._own: dict[tuple[str, str], BaseClient] = {}

    def add_client_hook(self, hook: ClientHook) -> None:
        """Called on every new client (fakes in the demo, fault injection in tests and bench)."""
        self._hooks.append(hook)

    def for_account(self, account: Account, actor: str, role: Role = "audit") -> AccountSession:
        arn = account.audit_role_arn if role == "audit" else account.cleanup_role_arn
        if arn is None:
            raise AssumeRoleError(
                f"Account `{account.name}` has no cleanup role configured (cleanup_role_arn in the "
                "accounts file), so nothing can be changed there."
            )
        key = (account.name, arn, actor)
        with self._lock:
            now = self._clock()
            self._forget(now)
            session = self._sessions.get(key)
            if session is None:
                session = AccountSession(self, account, arn, actor, role)
                self._sessions[key] = session
                while len(self._sessions) > self._max_sessions:
                    self._used.pop(self._sessions.popitem(last=False)[0], None)
            self._sessions.move_to_end(key)
            self._used[key] = now
            return session

    def _forget(self, now: float) -> None:
        """Drop sessions unused for IDLE_SECONDS (oldest first, so stop at the first recent one)."""
        for key in list(self._sessions):
            if now - self._used.get(key, now) <= self._idle_seconds:
                break
            del self._sessions[key]
            self._used.pop(key, None)

    def bot_identity(self) -> dict[str, Any]:
        return self._base_sts().get_caller_identity()

    def bot_client(self, service: str, region: str) -> Any:
        """A client with the bot's own identity, not an account role: for what trusts the bot's
        principal directly, such as the takeover alarm's queue (its policy names the bot)."""
        with self._lock:
            client = self._own.get((service, region))
            if client is None:
                client = self._base.client(service, region_name=region, config=client_config())
                self._apply_hooks(client, service, region)
                self._own[(service, region)] = client
            return client

    def _base_sts(self) -> BaseClient:
        with self._lock:
            if self._sts is None:
                region = self._base.region_name or DEFAULT_REGION
                self._sts = self._base.client("sts", region_name=region, config=client_config())
                self._apply_hooks(self._sts, "sts", region)
            return self._sts

    def _apply_hooks(self, client: BaseClient, service: str, region: str) -> None:
        for hook in self._hooks:
            hook(client, service, region)

    def _assume(self, account: Account, arn: str, actor: str) -> dict[str, Any]:
        identity = source_identity(actor)
        try:
            answer = self._base_sts().assume_role(
                RoleArn=arn,
                RoleSessionName=f"chatops-{identity}"[:64],
                ExternalId=account.external_id,
                SourceIdentity=identity,
                DurationSeconds=SESSION_SECONDS,
            )
        except (ClientError, BotoCoreError) as exc:
            problem = classify(exc)
            raise AssumeRoleError(
                f"Could not assume `{arn.split('/', 1)[-1]}` in `{account.name}` ({account.account_id}): "
                f"{problem.code}. Check that the role exists, trusts the bot's principal with this "
                "ExternalId, and allows sts:SetSourceIdentity (`python -m bot doctor` checks all three).",
                problem,
            ) from None
        creds = answer["Credentials"]
        log.info("assumed %s as %s until %s", arn, identity, creds["Expiration"])
        return {
            "access_key": creds["AccessKeyId"],
            "secret_key": creds["SecretAccessKey"],
            "token": creds["SessionToken"],
            "expiry_time": _iso(creds["Expiration"]),
        }


def _iso(value: datetime | str) -> str:
    if isinstance(value, str):
        return value
    return value.astimezone(UTC).isoformat()


class AccountSession:
    """One account seen through one role by one actor: clients, regions, and the credentials behind them."""

    def __init__(self, access: AwsAccess, account: Account, arn: str, actor: str, role: Role) -> None:
        self.account = account
        self.role_arn = arn
        self.actor = actor
        self.role = role
        self._access = access
        self._clients: dict[tuple[str, str], BaseClient] = {}
        self._lock = threading.Lock()
        self._regions: list[str] | None = None
        credentials = DeferredRefreshableCredentials(
            refresh_using=lambda: access._assume(account, arn, actor), method=_Provider.METHOD
        )
        self._credentials = credentials
        core = botocore.session.Session()
        configure(core)  # shared models and client classes, fast timestamps
        core.register_component("credential_provider", CredentialResolver([_Provider(credentials)]))
        self._session = boto3.Session(botocore_session=core)

    def verify(self) -> None:
        """Assume the role now, so a failure is reported before any work starts."""
        self._credentials.get_frozen_credentials()

    def client(self, service: str, region: str | None = None) -> Any:
        """One client per service and region, made on first use and shared by every thread.

        A client that exists is returned without waiting: only making one takes the lock (boto3
        sessions are not safe to build clients from concurrently, and the work is CPU under the GIL
        either way), so 32 leaves starting at once never queue behind each other's new clients.
        """
        region = region or GLOBAL_SERVICE_REGION.get(service, DEFAULT_REGION)
        key = (service, region)
        client = self._clients.get(key)
        if client is not None:
            return client
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self._session.client(service, region_name=region, config=client_config())
                self._access._apply_hooks(client, service, region)
                self._clients[key] = client  # published only once its hooks are attached
            return client

    def regions(self) -> list[str]:
        """The account's regions from the accounts file, else every region enabled for it."""
        if self.account.regions:
            return list(self.account.regions)
        if self._regions is None:
            answer = self.client("ec2", DEFAULT_REGION).describe_regions(
                AllRegions=True,
                Filters=[{"Name": "opt-in-status", "Values": ["opt-in-not-required", "opted-in"]}],
            )
            self._regions = sorted(r["RegionName"] for r in answer["Regions"])
        return list(self._regions)
