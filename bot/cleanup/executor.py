"""Carrying out an approved request: claim it, re-check, act (or dry-run), record, show.

Order matters and each step can stop the rest:
1. claim (approved → executing): one process only;
2. policy again (account, cleanup role, protected): the accounts file may have changed;
3. assume both roles as the approver (SourceIdentity), so CloudTrail names who approved;
4. re-check through the read-only audit role and compare with the facts shown: changed → stop;
5. dry-run (DryRun=True / permission simulation) or, only when both the request and CLEANUP_MODE
   now say execute, the action itself;
6. record the outcome (executing → done | failed) and show it in Slack.
A restart in the middle leaves the request `executing`; `recover` re-checks it later.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from botocore.exceptions import BotoCoreError, ClientError

from bot.aws.errors import classify
from bot.aws.session import SCHEDULER, AssumeRoleError
from bot.cleanup import engine, notify, policy, registry
from bot.cleanup.facts import Change, changes
from bot.cleanup.registry import Action, Context, Outcome, Result
from bot.services import Services
from bot.store.tables import CleanupRequest

log = logging.getLogger(__name__)

# An executing request records progress at least once a minute (the snapshot wait included);
# untouched for this long, its process is gone.
STALE_AFTER = timedelta(minutes=3)


def execute(services: Services, request_id: str, executor: str = engine.INSTANCE) -> None:
    dry_run_only = services.settings.cleanup_mode != "execute"
    if not engine.claim(services.store, request_id, executor, dry_run_only=dry_run_only):
        return
    request = notify.refresh(services, request_id)
    if request is None:
        return
    try:
        outcome, found = carry_out(services, request, executor)
    except Exception:
        log.exception("cleanup request %s failed unexpectedly", request_id)
        steps = (engine.get(services.store, request_id) or request).outcome or {}
        outcome, found = (
            Outcome(
                Result.ERROR,
                "Failed unexpectedly (see the bot's log); re-check by hand.",
                tuple(steps.get("steps") or ()),
            ),
            [],
        )
    record(services, request, outcome, found, executor=executor)


def carry_out(
    services: Services, request: CleanupRequest, executor: str = engine.INSTANCE
) -> tuple[Outcome, list[Change]]:
    refusal = policy.refusal(services.accounts, request.account, request.action, request.facts)
    spec = registry.get(request.action)
    account = policy.find_account(services.accounts, request.account)
    if refusal or spec is None or account is None:
        return Outcome(Result.REFUSED, refusal or "Refused."), []
    ctx = _context(services, request, executor, spec)
    if isinstance(ctx, Outcome):
        return ctx, []
    try:
        observed = spec.recheck(ctx)
    except (ClientError, BotoCoreError, AssumeRoleError) as exc:
        return Outcome(Result.ERROR, f"Could not re-check it ({_problem(exc)}); nothing was done."), []
    ctx.observed = observed
    if observed.gone:
        return Outcome(Result.ALREADY, f"`{request.resource_id}` is already gone; nothing to do."), []
    if observed.already:
        return Outcome(Result.ALREADY, f"Nothing to do: {observed.already}."), []
    found = changes(request.facts, observed.facts, spec.checked_facts)
    if found:
        what = "; ".join(c.describe() for c in found)
        return Outcome(Result.CHANGED, f"It changed since it was shown ({what}); nothing was done."), found
    ctx.step("Re-checked through the audit role: still as shown")
    try:
        if request.mode == "execute" and services.settings.cleanup_mode == "execute":
            if not engine.still_mine(services.store, request.id, executor):
                return Outcome(Result.INTERRUPTED, "Closed elsewhere before acting; nothing was done."), []
            outcome = spec.run(ctx)
        else:
            outcome = spec.dry_run(ctx)
    except (ClientError, BotoCoreError, AssumeRoleError) as exc:
        # What was done before the failure (a snapshot taken, termination protection cleared) stays
        # in the outcome: the record must say everything the bot changed.
        done = tuple(ctx.steps)
        if spec.is_gone(exc):
            return Outcome(
                Result.ALREADY, f"`{request.resource_id}` disappeared meanwhile; nothing to do.", done
            ), []
        code = classify(exc).code if not isinstance(exc, AssumeRoleError) else "AssumeRole"
        result = (
            Result.DENIED
            if code in ("AccessDenied", "UnauthorizedOperation", "AccessDeniedException")
            else Result.ERROR
        )
        return Outcome(result, f"AWS refused: {_problem(exc)}.", done), []
    return Outcome(outcome.result, outcome.summary, (*ctx.steps, *outcome.steps)), []


def record(
    services: Services,
    request: CleanupRequest,
    outcome: Outcome,
    found: list[Change],
    *,
    executor: str | None = engine.INSTANCE,
    actor: str | None = None,
) -> None:
    payload = {
        "result": outcome.result.value,
        "summary": outcome.summary,
        "steps": list(outcome.steps),
        "mode": request.mode,
        "by": request.approver,
        "changes": [{"fact": c.fact, "was": c.was, "now": c.now} for c in found],
    }
    engine.finish(
        services.store,
        request.id,
        payload,
        succeeded=outcome.result.succeeded,
        actor=actor or request.approver or "bot",
        executor=executor,
    )
    notify.announce_outcome(services, request.id)


def recover(services: Services, older_than: timedelta = STALE_AFTER) -> int:
    """Requests a dead process left behind: approved ones are carried out (their approval stands,
    and the re-check protects them); executing ones are re-checked, never acted on again."""
    recovered = 0
    for request in engine.stale(services.store, older_than):
        if request.state == "approved":
            execute(services, request.id)
        else:
            recover_executing(services, request)
        recovered += 1
    return recovered


def recover_executing(services: Services, request: CleanupRequest) -> None:
    before = list((request.outcome or {}).get("steps") or [])
    spec = registry.get(request.action)
    account = policy.find_account(services.accounts, request.account)
    outcome: Outcome
    found: list[Change] = []
    if spec is None or account is None:
        outcome = Outcome(Result.INTERRUPTED, "Interrupted by a restart; the account or action is gone.")
    else:
        ctx = _context(services, request, None, spec, reader_only=True)
        if isinstance(ctx, Outcome):
            outcome = Outcome(
                Result.INTERRUPTED, f"Interrupted by a restart, and not re-checkable: {ctx.summary}"
            )
        else:
            try:
                observed = spec.recheck(ctx)
            except (ClientError, BotoCoreError, AssumeRoleError) as exc:
                outcome = Outcome(
                    Result.INTERRUPTED, f"Interrupted by a restart; the re-check failed ({_problem(exc)})."
                )
            else:
                if observed.gone or observed.already:
                    state = "it is gone" if observed.gone else observed.already
                    outcome = Outcome(
                        Result.ALREADY, f"The bot restarted mid-way; re-checked after: {state}."
                    )
                else:
                    found = changes(request.facts, observed.facts, spec.checked_facts)
                    now = "it changed" if found else "it is unchanged"
                    outcome = Outcome(
                        Result.INTERRUPTED,
                        f"The bot restarted before this took effect; re-checked after: {now}. Nothing more "
                        "was done: click the original button to request it again.",
                    )
    outcome = Outcome(outcome.result, outcome.summary, (*before, "Recovered after a restart"))
    record(services, request, outcome, found, executor=None, actor="bot")


def _context(
    services: Services,
    request: CleanupRequest,
    executor: str | None,
    spec: Action,
    *,
    reader_only: bool = False,
) -> Context | Outcome:
    account = policy.find_account(services.accounts, request.account)
    assert account is not None
    actor = request.approver or SCHEDULER
    try:
        reader = services.aws.for_account(account, actor, "audit")
        reader.verify()
        writer = None
        if not reader_only:
            writer = services.aws.for_account(account, actor, "cleanup")
            writer.verify()
    except AssumeRoleError as exc:
        return Outcome(Result.REFUSED, f"{exc} Nothing was attempted.")
    ctx = Context(
        request_id=request.id,
        account=account,
        region=request.region,
        resource_id=request.resource_id,
        facts=dict(request.facts),
        approver=actor,
        reader=reader,
        writer=writer,
    )
    if executor is not None:
        ctx.on_step = lambda _: engine.progress(services.store, request.id, ctx.steps, executor)
    return ctx


def _problem(exc: BaseException) -> str:
    if isinstance(exc, AssumeRoleError):
        return str(exc)
    problem = classify(exc)
    where = f"{problem.operation}: " if problem.operation else ""
    message = problem.message.split(" Encoded authorization failure message:")[0][:200]
    return f"{where}{problem.code} {message}".strip()


def on_start(services: Services) -> Callable[[], None]:
    """Start-up hook: recover what the previous process left mid-way, now and once more after
    STALE_AFTER (a request it touched seconds before dying is not provably abandoned yet)."""

    def sweep() -> None:
        services.jobs.submit("cleanup.recover", lambda: recover(services))

    sweep()
    later = threading.Timer(STALE_AFTER.total_seconds() + 5, sweep)
    later.daemon = True
    later.start()
    return later.cancel
