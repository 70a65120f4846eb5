"""The cleanup actions' registry: one class per action, declared Cloud Custodian style.

    @action("ec2.release_address", permissions=["ec2:ReleaseAddress"])
    class ReleaseAddress(Action):
        def recheck(self, ctx) -> Observed: ...   # read through the audit role
        def dry_run(self, ctx) -> Outcome: ...    # DryRun=True, or a permission simulation
        def run(self, ctx) -> Outcome: ...        # write through the cleanup role

The declared permissions are the whole of what the cleanup role may do: `infra/cleanup-role.yaml`
grants exactly their union (a test compares them), so an action cannot quietly need more.
Actions never decide whether they may run; the engine has already checked the approval, the
account, and that the resource still matches what was shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from bot.accounts import Account
from bot.aws.errors import classify
from bot.aws.session import AccountSession
from bot.cleanup.catalog import ACTIONS, DESTRUCTIVE
from bot.model import GLOBAL


class Result(StrEnum):
    """What became of a request; `done` and `failed` states are derived from it."""

    DONE = "done"  # the action took effect
    ALREADY = "already"  # the wanted end state was already there (or the resource is gone)
    WOULD_SUCCEED = "would-succeed"  # dry-run: AWS accepted the DryRun / the simulation allowed it
    SIMULATED = "simulated"  # dry-run without a way to check permissions: what would happen
    DENIED = "denied"  # AWS or the simulation refused the permission
    CHANGED = "changed"  # the resource no longer matches what was shown: nothing done
    REFUSED = "refused"  # policy: protected account, no cleanup role, facts missing…
    ERROR = "error"  # AWS answered with an error; the message says which
    INTERRUPTED = "interrupted"  # the bot restarted mid-way; re-checked afterwards

    @property
    def succeeded(self) -> bool:
        return self in (Result.DONE, Result.ALREADY, Result.WOULD_SUCCEED, Result.SIMULATED)


@dataclass(frozen=True)
class Outcome:
    result: Result
    summary: str  # one sentence a person reads in Slack
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Observed:
    """What the re-check read: the catalog's facts now, or that the resource is gone / already done."""

    facts: dict[str, Any] = field(default_factory=dict)
    gone: bool = False
    already: str | None = None  # e.g. "the instance is already stopped"
    extra: dict[str, Any] = field(default_factory=dict)  # what run() needs and the facts do not carry


@dataclass
class Context:
    """One request's target and the two ways to reach it: read (audit role) and write (cleanup role)."""

    request_id: str
    account: Account
    region: str
    resource_id: str
    facts: dict[str, Any]
    approver: str
    reader: AccountSession
    writer: AccountSession | None
    steps: list[str] = field(default_factory=list)
    observed: Observed | None = None
    on_step: Callable[[str], None] | None = None  # persists progress (and proves the executor alive)

    def read(self, service: str) -> Any:
        return self.reader.client(service, self._region())

    def write(self, service: str) -> Any:
        if self.writer is None:
            raise RuntimeError("no cleanup role: the engine refuses before any action runs")
        return self.writer.client(service, self._region())

    def step(self, text: str) -> None:
        self.steps.append(text)
        if self.on_step is not None:
            self.on_step(text)

    def _region(self) -> str | None:
        return None if self.region in (GLOBAL, "", None) else self.region

    @property
    def extra(self) -> dict[str, Any]:
        return self.observed.extra if self.observed else {}


class Action:
    """Base of every action. Subclasses implement recheck, dry_run and run; the decorator names them."""

    name: ClassVar[str] = ""
    permissions: ClassVar[tuple[str, ...]] = ()
    title: ClassVar[str] = ""  # "Release Elastic IP"
    confirm: ClassVar[bool] = False  # the approver types the account name in a modal first
    targets: ClassVar[tuple[str, ...]] = ()  # facts that describe the wanted end state, not re-read
    gone_codes: ClassVar[frozenset[str]] = frozenset()  # AWS error codes meaning "no such resource"
    warning: ClassVar[str] = ""  # what the approver must know before approving

    @property
    def destructive(self) -> bool:
        return self.name in DESTRUCTIVE

    @property
    def checked_facts(self) -> tuple[str, ...]:
        """The catalog's facts the re-check compares (targets are wishes, not observations)."""
        return tuple(f for f in ACTIONS[self.name] if f not in self.targets)

    def recheck(self, ctx: Context) -> Observed:
        raise NotImplementedError

    def dry_run(self, ctx: Context) -> Outcome:
        raise NotImplementedError

    def run(self, ctx: Context) -> Outcome:
        raise NotImplementedError

    def describe(self, ctx: Context) -> str:
        """What `run` would do, in words (used by simulated dry-runs and the request card)."""
        return f"{self.title} `{ctx.resource_id}`"

    def resource_arn(self, ctx: Context) -> str | None:
        """The resource's ARN for the permission simulation; None simulates against `*`."""
        return None

    def is_gone(self, exc: BaseException) -> bool:
        return isinstance(exc, ClientError) and error_code(exc) in self.gone_codes


REGISTRY: dict[str, Action] = {}
_PERMISSION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9]+$")
A = TypeVar("A", bound=type[Action])


def action(
    name: str,
    *,
    permissions: Iterable[str],
    title: str,
    confirm: bool = False,
    targets: Iterable[str] = (),
    gone_codes: Iterable[str] = (),
    warning: str = "",
) -> Callable[[A], A]:
    """Register an action class under its catalog name, with the IAM permissions its run() needs."""

    def register(cls: A) -> A:
        if name not in ACTIONS:
            raise ValueError(f"{name}: not in bot.cleanup.catalog.ACTIONS")
        perms = tuple(permissions)
        bad = [p for p in perms if not _PERMISSION.match(p)]
        if not perms or bad:
            raise ValueError(f"{name}: permissions must be IAM actions such as ec2:ReleaseAddress ({bad})")
        unknown = set(targets) - set(ACTIONS[name])
        if unknown:
            raise ValueError(f"{name}: targets {sorted(unknown)} are not among the catalog's facts")
        if name in REGISTRY:
            raise ValueError(f"{name}: registered twice")
        cls.name = name
        cls.permissions = perms
        cls.title = title
        cls.confirm = confirm
        cls.targets = tuple(targets)
        cls.gone_codes = frozenset(gone_codes)
        cls.warning = warning
        REGISTRY[name] = cls()
        return cls

    return register


def get(name: str) -> Action | None:
    import bot.cleanup.actions  # noqa: F401  (registers every action module)

    return REGISTRY.get(name)


def all_actions() -> dict[str, Action]:
    import bot.cleanup.actions  # noqa: F401

    return dict(REGISTRY)


# --- shared paths for dry-runs ---------------------------------------------------------------------


def error_code(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code") or "")
    return type(exc).__name__


def ec2_dry_run(calls: Iterable[tuple[str, Callable[[], Any]]]) -> Outcome:
    """Run each EC2 call with DryRun=True: AWS answers DryRunOperation when it would have succeeded.

    Anything else is the real answer: UnauthorizedOperation names the missing permission, other
    codes (IncorrectState, InvalidSnapshot.InUse…) say why the real call would fail.
    """
    steps = []
    labels = []
    for label, call in calls:
        labels.append(label)
        try:
            call()
        except ClientError as exc:
            code = error_code(exc)
            if code == "DryRunOperation":
                steps.append(f"{label}: DryRun accepted (would succeed)")
                continue
            problem = classify(exc)
            message = _short(problem.message)
            if code == "UnauthorizedOperation":
                return Outcome(
                    Result.DENIED,
                    f"Dry-run: the cleanup role may not {label} ({code}).",
                    (*steps, f"{label}: {code} {message}".strip()),
                )
            return Outcome(
                Result.ERROR, f"Dry-run: {label} would fail: {code} {message}".strip(), (*steps, code)
            )
        except BotoCoreError as exc:
            return Outcome(Result.ERROR, f"Dry-run: {label} failed: {classify(exc).describe()}", tuple(steps))
        else:
            # An EC2 endpoint that ignores DryRun has just done the real thing: say so, loudly.
            return Outcome(
                Result.ERROR,
                f"Dry-run: {label} was not refused with DryRunOperation; the endpoint may have acted.",
                (*steps, f"{label}: no DryRunOperation"),
            )
    return Outcome(
        Result.WOULD_SUCCEED,
        f"Dry-run: AWS accepted {' and '.join(labels)} with DryRun=True, so the real call would succeed. "
        "Nothing was changed.",
        tuple(steps),
    )


def simulate(ctx: Context, act: Action) -> Outcome:
    """Dry-run for APIs without DryRun: iam:SimulatePrincipalPolicy on the cleanup role, read-only.

    Called through the audit role (SecurityAudit allows iam:SimulatePrincipalPolicy). When the
    simulation itself is not allowed, the answer says what would happen, unverified.
    """
    what = act.describe(ctx)
    role_arn = ctx.account.cleanup_role_arn
    params: dict[str, Any] = {"PolicySourceArn": role_arn, "ActionNames": list(act.permissions)}
    arn = act.resource_arn(ctx)
    if arn:
        params["ResourceArns"] = [arn]
    try:
        results = []
        for page in ctx.reader.client("iam").get_paginator("simulate_principal_policy").paginate(**params):
            results.extend(page.get("EvaluationResults", []))
    except (ClientError, BotoCoreError) as exc:
        problem = classify(exc)
        return Outcome(
            Result.SIMULATED,
            f"Dry-run: would {what}. Permissions not verified "
            f"({problem.code} from iam:SimulatePrincipalPolicy).",
            (f"simulation unavailable: {problem.describe()}",),
        )
    denied = [
        f"{r['EvalActionName']} ({r['EvalDecision']})" for r in results if r["EvalDecision"] != "allowed"
    ]
    steps = tuple(f"{r['EvalActionName']}: {r['EvalDecision']}" for r in results)
    if denied:
        return Outcome(
            Result.DENIED, f"Dry-run: the cleanup role may not {', '.join(denied)}; would {what}.", steps
        )
    return Outcome(
        Result.WOULD_SUCCEED, f"Dry-run: would {what}; iam:SimulatePrincipalPolicy allows it.", steps
    )


def _short(message: str, limit: int = 160) -> str:
    """EC2 puts an encoded authorization blob in UnauthorizedOperation messages; keep the sentence."""
    message = message.split(" Encoded authorization failure message:")[0]
    return message if len(message) <= limit else message[: limit - 1] + "…"
