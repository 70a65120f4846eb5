"""AWS checks: the bot's own identity, then per account, in parallel through the fan-out: the audit
role (ExternalId, both SourceIdentity forms), one harmless read per service in one sampled region,
and the cleanup role when configured (AssumeRole, a DryRun EC2 call, a permission simulation)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from bot.accounts import Account
from bot.aws.config import DEFAULT_REGION
from bot.aws.errors import AwsProblem, ProblemKind, classify
from bot.aws.regions import FanOut
from bot.aws.session import SCHEDULER, AccountSession, AssumeRoleError, AwsAccess, Role, source_identity
from bot.cleanup.registry import all_actions
from bot.doctor.probes import Probe, ProbeContext, planned
from bot.doctor.report import Line, fail, ok, skip
from bot.store import Store

PERSON = "doctor"  # assumed as `slack-doctor` too: people's commands use the slack-… form
TEMPLATE = {"audit": "infra/audit-role.yaml", "cleanup": "infra/cleanup-role.yaml"}
# An instance ID that exists nowhere: a DryRun against it can never stop anything, even on an
# endpoint that ignored DryRun. AWS answers DryRunOperation or UnauthorizedOperation (or NotFound).
NO_INSTANCE = "i-00000000000000000"
# The cleanup role grants two actions only under a condition (infra/cleanup-role.yaml); the
# simulation supplies the values the bot's own calls carry (a test keeps these in step).
SIMULATION_CONTEXT = [
    {
        "ContextKeyName": "ec2:CreateAction",
        "ContextKeyValues": ["CreateSnapshot"],
        "ContextKeyType": "string",
    },
    {
        "ContextKeyName": "iam:AWSServiceName",
        "ContextKeyValues": ["guardduty.amazonaws.com"],
        "ContextKeyType": "string",
    },
]


def bot_identity(access: AwsAccess) -> tuple[Line, str | None]:
    try:
        arn = str(access.bot_identity()["Arn"])
    except (ClientError, BotoCoreError) as exc:
        problem = classify(exc)
        return fail(
            f"the bot's own AWS identity: {problem.code}",
            "give the bot AWS credentials through the standard chain: an instance or task role, "
            "AWS_PROFILE, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY",
        ), None
    if arn.endswith(":root"):
        return fail(
            f"the bot runs as the root user ({arn})",
            "never give the bot root credentials: create an IAM role or user for it with sts:AssumeRole "
            "on the accounts' roles, and use that",
        ), arn
    return ok(f"the bot's own identity: {arn}"), arn


@dataclass
class AccountCheck:
    account: Account
    lines: list[Line] = field(default_factory=list)
    session: AccountSession | None = None  # the audit role as the scheduler, when it could be assumed
    region: str | None = None  # the sampled region


def assume_fix(problem: AwsProblem | None, role: Role, arn: str, identity: str, bot_arn: str | None) -> str:
    template = TEMPLATE[role]
    principal = bot_arn or "<the bot's role ARN>"
    message = (problem.message if problem else "") or ""
    if problem is not None and "SetSourceIdentity" in message:
        return (
            f"the role's trust policy must also allow sts:SetSourceIdentity for the bot with SourceIdentity "
            f"`{identity}` (`slack-*` for people, `chatops-scheduler` for the bot's jobs): update the stack "
            f"from {template}, whose trust policy has that statement"
        )
    if problem is not None and problem.kind is ProblemKind.ACCESS_DENIED:
        return (
            f"the role must exist and trust {principal} with sts:ExternalId = this account's external_id in "
            f"the accounts file, and the bot's own policy must allow sts:AssumeRole on {arn}: deploy "
            f"{template} with BotPrincipalArn={principal} and the same ExternalId (README: roles)"
        )
    if problem is not None and problem.kind is ProblemKind.REGION_DISABLED:
        return "the bot's own credentials were refused by STS: check they are valid and not expired"
    return f"AWS answered {problem.code if problem else 'an error'}: check the role ARN in the accounts file"


def _assume(
    access: AwsAccess, account: Account, role: Role, actor: str, bot_arn: str | None
) -> tuple[AccountSession | None, Line | None]:
    arn = account.audit_role_arn if role == "audit" else account.cleanup_role_arn
    assert arn is not None
    session = access.for_account(account, actor, role)
    try:
        session.verify()
    except AssumeRoleError as exc:
        identity = source_identity(actor)
        code = exc.problem.code if exc.problem else "error"
        line = fail(
            f"{role} role {arn.split('/', 1)[-1]} as {identity}: {code}",
            assume_fix(exc.problem, role, arn, identity, bot_arn),
        )
        return None, line
    return session, None


def check_access(access: AwsAccess, account: Account, bot_arn: str | None) -> AccountCheck:
    """AssumeRole as the scheduler and as a person (both SourceIdentity forms), then pick a region."""
    result = AccountCheck(account)
    name = account.audit_role_arn.split("/", 1)[-1]
    scheduler, problem = _assume(access, account, "audit", SCHEDULER, bot_arn)
    person_problem = None
    if scheduler is not None:
        _, person_problem = _assume(access, account, "audit", PERSON, bot_arn)
    if problem or person_problem:
        result.lines.append(problem or person_problem)  # type: ignore[arg-type]
        return result
    result.lines.append(
        ok(
            f"audit role {name}: assumed with the ExternalId, as {SCHEDULER} and as "
            f"{source_identity(PERSON)} (people's SourceIdentity)"
        )
    )
    result.session = scheduler
    try:
        regions = scheduler.regions()  # type: ignore[union-attr]
    except (ClientError, BotoCoreError) as exc:
        problem_ = classify(exc)
        result.lines.append(
            fail(
                f"regions: ec2:DescribeRegions {problem_.code}",
                f"grant ec2:DescribeRegions to {name} (in {TEMPLATE['audit']}), or list the account's "
                "regions in the accounts file",
            )
        )
        return result
    result.region = DEFAULT_REGION if DEFAULT_REGION in regions else regions[0]
    where = "from the accounts file" if account.regions else "enabled"
    result.lines.append(ok(f"regions: {len(regions)} {where}; regional reads sampled in {result.region}"))
    return result


def probe_line(probe: Probe, uses: set[str], region: str, outcome: Any, role_name: str) -> Line:
    where = f" in {region}" if probe.regional else ""
    who = ", ".join(sorted(uses))
    error: AwsProblem | None = getattr(outcome, "error", None)
    if error is None or error.code in probe.answered:
        return ok(f"{probe.service} {probe.operation}{where} — {who}")
    text = f"{probe.service} {probe.operation}{where}: {error.kind.value} ({error.code}) — needed by {who}"
    if error.kind is ProblemKind.ACCESS_DENIED:
        fix = (
            f"allow {probe.action} for {role_name}: update the stack from {TEMPLATE['audit']} (it grants "
            "SecurityAudit, ViewOnlyAccess and the billing reads), or add the action to the role's policy; "
            "a service control policy denying it is fixed in AWS Organizations"
        )
    elif error.kind is ProblemKind.NOT_SUBSCRIBED:
        fix = f"turn {probe.service} on for this account (AWS console), then run the doctor again"
    elif error.kind is ProblemKind.THROTTLED:
        fix = "AWS throttled every retry: run the doctor again in a minute"
    elif error.kind is ProblemKind.UNAVAILABLE:
        fix = "the endpoint could not be reached: check the network, a proxy, or AWS_ENDPOINT_URL"
    else:
        fix = f"AWS answered {error.code}: {error.message[:160] or 'see the bot log'}"
    return fail(text, fix)


def check_cleanup(
    access: AwsAccess, account: Account, audit: AccountSession, region: str, bot_arn: str | None
) -> list[Line]:
    """AssumeRole as the cleanup role, a DryRun EC2 call through it, and the registry's permissions
    simulated on it (through the audit role, as the cleanup engine's own dry-runs do)."""
    arn = account.cleanup_role_arn
    if not arn:
        return [skip("cleanup role: not configured (cleanup_role_arn): cleanup requests are refused")]
    name = arn.split("/", 1)[-1]
    session, problem = _assume(access, account, "cleanup", PERSON, bot_arn)
    if session is None:
        return [problem] if problem else []
    lines = [ok(f"cleanup role {name}: assumed with the ExternalId, as {source_identity(PERSON)}")]
    lines.append(_dry_run(session, region, name))
    lines.append(_simulation(audit, arn, name))
    return lines


def _dry_run(session: AccountSession, region: str, name: str) -> Line:
    try:
        session.client("ec2", region).stop_instances(InstanceIds=[NO_INSTANCE], DryRun=True)
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code") or "")
        if code == "DryRunOperation":
            return ok(f"cleanup role: ec2:StopInstances with DryRun accepted in {region} (nothing changed)")
        if code.startswith("InvalidInstanceID"):
            return ok(f"cleanup role: EC2 answers it in {region} ({code} for a DryRun on no instance)")
        if code == "UnauthorizedOperation":
            return fail(
                f"cleanup role: ec2:StopInstances with DryRun refused in {region} ({code})",
                f"update the stack from {TEMPLATE['cleanup']}: it grants {name} exactly the actions the "
                "cleanup registry declares; a service control policy may also deny it",
            )
        return fail(f"cleanup role: DryRun in {region}: {code}", "see the bot log; AWS refused the DryRun")
    except BotoCoreError as exc:
        return fail(f"cleanup role: DryRun in {region}: {classify(exc).describe()}", "check the network")
    return fail(
        f"cleanup role: the DryRun in {region} was not refused with DryRunOperation",
        "the EC2 endpoint ignored DryRun: check AWS_ENDPOINT_URL points at real EC2",
    )


def _simulation(audit: AccountSession, arn: str, name: str) -> Line:
    wanted = sorted({p for action in all_actions().values() for p in action.permissions})
    try:
        results = []
        paginator = audit.client("iam").get_paginator("simulate_principal_policy")
        for page in paginator.paginate(
            PolicySourceArn=arn, ActionNames=wanted, ContextEntries=SIMULATION_CONTEXT
        ):
            results += page.get("EvaluationResults", [])
    except (ClientError, BotoCoreError) as exc:
        problem = classify(exc)
        return skip(
            f"cleanup role: permissions not simulated (iam:SimulatePrincipalPolicy {problem.code} "
            "through the audit role); the DryRun above still tests EC2"
        )
    denied = sorted(r["EvalActionName"] for r in results if r.get("EvalDecision") != "allowed")
    if denied:
        return fail(
            f"cleanup role: denies {', '.join(denied)} (simulated)",
            f"update the stack from {TEMPLATE['cleanup']}: it grants {name} every action of the cleanup "
            "registry and nothing more",
        )
    return ok(f"cleanup role: allows all {len(wanted)} actions the cleanup registry declares (simulated)")


def check_accounts(
    access: AwsAccess, fanout: FanOut, accounts: Sequence[Account], store: Store | None, bot_arn: str | None
) -> dict[str, list[Line]]:
    """Every account's lines; accounts run in parallel, and each account's reads too (leaf tasks)."""
    first = fanout.run({a.name: (lambda a=a: check_access(access, a, bot_arn)) for a in accounts})
    checks: dict[str, AccountCheck] = {}
    for account in accounts:
        result = first[account.name]
        if result.value is not None:
            checks[account.name] = result.value
        else:
            problem = result.error.describe() if result.error else "unknown error"
            checks[account.name] = AccountCheck(account, [fail(f"audit role: {problem}", "see the bot log")])
    probes = planned()
    tasks: dict[tuple[str, str], Any] = {}
    for name, check in checks.items():
        if check.session is None or check.region is None:
            continue
        context = ProbeContext(check.session, store)
        for probe, _ in probes:
            tasks[(name, probe.service)] = lambda p=probe, c=context, r=check.region: p.run(c, r)
        tasks[(name, "cleanup")] = lambda c=check: check_cleanup(
            access,
            c.account,
            c.session,
            c.region,
            bot_arn,  # type: ignore[arg-type]
        )
    second = fanout.run(tasks)
    out: dict[str, list[Line]] = {}
    for name, check in checks.items():
        lines = list(check.lines)
        if check.session is not None and check.region is not None:
            role_name = check.account.audit_role_arn.split("/", 1)[-1]
            for probe, uses in probes:
                lines.append(probe_line(probe, uses, check.region, second[(name, probe.service)], role_name))
            cleanup = second[(name, "cleanup")]
            if cleanup.value is not None:
                lines += cleanup.value
            else:
                problem = cleanup.error.describe() if cleanup.error else "unknown error"
                lines.append(fail(f"cleanup role: {problem}", "see the bot log"))
        out[name] = lines
    return out
