"""Read everything the audit needs: every collector as a leaf task, all regions at once.

Phase one runs every independent leaf through the shared fan-out: per region EC2, ECS, Lambda,
EMR, SageMaker, GuardDuty and one CloudTrail chain per event name; once per account the identity,
the credential report, IAM policies, S3 and Cost Explorer. Phase two runs the leaves that depend
on phase one: termination protection for recent launches CloudTrail did not explain, each bucket's
exposure, and the access key IDs of users of interest. Progress counts regions whose phase-one
leaves are all done ("7/17 regions").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from bot.audit.cost import cost_signature
from bot.audit.data import AuditData, Gap
from bot.audit.launches import launches
from bot.audit.rules import RULES, AuditRules
from bot.aws.errors import classify
from bot.aws.regions import FanOut, RegionResult
from bot.aws.session import AccountSession
from bot.checks.audit.generated_user_name import looks_generated
from bot.collect import (
    cloudtrail,
    guardduty,
    iam,
    identity,
    inventory_ec2,
    inventory_ecs,
    inventory_emr,
    inventory_lambda,
    s3,
    sagemaker,
)
from bot.collect.cloudtrail import GLOBAL_EVENTS, IAM_REGION, REGIONAL_EVENTS, created_access_key, target_user
from bot.errors import UserError
from bot.model import GLOBAL
from bot.spend.explorer import CostExplorer
from bot.store import Store
from bot.store.types import utcnow

Key = tuple[str, str, str]  # (service, region, detail)
Progress = Callable[[int, int, str], None]


def collect_audit(
    session: AccountSession,
    fanout: FanOut,
    *,
    store: Store,
    now: datetime | None = None,
    rules: AuditRules = RULES,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> AuditData:
    now = now or utcnow()
    try:
        regions = session.regions()
    except (ClientError, BotoCoreError) as exc:
        raise UserError(
            f"I could not list the account's enabled regions ({classify(exc).describe()}). "
            "List them in the accounts file (`regions:`) or allow ec2:DescribeRegions."
        ) from None
    account = session.account
    data = AuditData(
        account=account.name, account_id=account.account_id, now=now, regions=regions, rules=rules
    )
    tasks = _phase_one(session, data, store, sleep)
    results = fanout.run(tasks, on_done=_region_progress(tasks, regions, progress))
    _absorb(data, results)
    results = fanout.run(_phase_two(session, data))
    _absorb(data, results)
    return data


def _phase_one(
    session: AccountSession, data: AuditData, store: Store, sleep: Callable[[float], None]
) -> dict[Key, Callable[[], Any]]:
    rules = data.rules
    start, end = data.lookback_start, data.now
    tasks: dict[Key, Callable[[], Any]] = {
        ("identity", GLOBAL, ""): lambda: identity.collect_identity(session),
        ("iam.credential_report", GLOBAL, ""): lambda: iam.collect_credential_report(
            session, attempts=rules.credential_report_attempts, wait=rules.credential_report_wait, sleep=sleep
        ),
        ("iam.policies", GLOBAL, ""): lambda: iam.collect_user_policies(session),
        ("s3.account", GLOBAL, ""): lambda: s3.collect_account_block(session, data.account_id),
        ("s3.buckets", GLOBAL, ""): lambda: s3.list_buckets(session),
        ("cost", GLOBAL, ""): lambda: cost_signature(
            CostExplorer(session, store, today=data.now.date()), rules
        ),
    }
    for region in data.regions:
        tasks[("ec2", region, "")] = lambda r=region: inventory_ec2.collect_instances(session, r)
        tasks[("ecs", region, "")] = lambda r=region: inventory_ecs.collect_ecs(session, r)
        tasks[("lambda", region, "")] = lambda r=region: inventory_lambda.collect_lambdas(session, r)
        tasks[("emr", region, "")] = lambda r=region: inventory_emr.collect_emr(session, r)
        tasks[("sagemaker", region, "")] = lambda r=region: sagemaker.collect_sagemaker(session, r)
        tasks[("guardduty", region, "")] = lambda r=region: guardduty.collect_guardduty(
            session, r, max_findings=rules.guardduty_max_findings
        )
        for name in REGIONAL_EVENTS:
            tasks[("cloudtrail", region, name)] = lambda r=region, n=name: cloudtrail.lookup(
                session, r, n, start, end, max_pages=rules.trail_max_pages
            )
    for name in GLOBAL_EVENTS:  # IAM is global: its events are recorded in us-east-1 only
        tasks[("cloudtrail", IAM_REGION, name)] = lambda n=name: cloudtrail.lookup(
            session, IAM_REGION, n, start, end, max_pages=rules.trail_max_pages
        )
    return tasks


def _phase_two(session: AccountSession, data: AuditData) -> dict[Key, Callable[[], Any]]:
    tasks: dict[Key, Callable[[], Any]] = {}
    for region, ids in _protection_candidates(data).items():
        for i in range(0, len(ids), 10):  # chunks of 10: parallel, yet few tasks
            chunk = ids[i : i + 10]
            tasks[("ec2.protection", region, str(i))] = lambda r=region, c=chunk: (
                inventory_ec2.termination_protection(session, r, c)
            )
    for listing in data.bucket_listings:
        tasks[("s3.bucket", listing.region or GLOBAL, listing.name)] = lambda b=listing: s3.collect_bucket(
            session, b
        )
    for user in _users_of_interest(data)[: data.rules.access_key_lookups]:
        tasks[("iam.access_keys", GLOBAL, user)] = lambda u=user: iam.collect_access_keys(session, [u])
    return tasks


def _protection_candidates(data: AuditData) -> dict[str, list[str]]:
    """Recent, live launches whose protection CloudTrail did not settle; newest first, within budget."""
    unknown: dict[str, list[tuple[datetime, str]]] = {}
    for launch in launches(data):
        if launch.protected is None and launch.live and data.is_recent(launch.time):
            unknown.setdefault(launch.region, []).append((launch.time, launch.instance_id))
    budget = data.rules.protection_lookups_per_region
    return {region: [i for _, i in sorted(items, reverse=True)[:budget]] for region, items in unknown.items()}


def _users_of_interest(data: AuditData) -> list[str]:
    """Users whose key IDs a finding may need: new, generated-looking, seen in CloudTrail, then stale."""
    first: list[str] = []
    later: list[str] = []
    for event in data.events_named("CreateUser", "CreateAccessKey", "CreateLoginProfile"):
        created = created_access_key(event)
        user = created[0] if created else target_user(event)
        if user:
            first.append(user)
    for row in data.credentials.iam_users if data.credentials else ():
        if not row.active_keys:
            continue
        if data.is_recent(row.created) or looks_generated(row.user):
            first.append(row.user)
        else:
            later.append(row.user)
    known = {row.user for row in data.credentials.iam_users} if data.credentials else None
    ordered = list(dict.fromkeys(first + later))
    return [u for u in ordered if known is None or u in known]


def _absorb(data: AuditData, results: dict[Key, RegionResult[Any]]) -> None:
    protection: dict[str, bool] = {}
    for (service, region, detail), result in results.items():
        if not result.ok:
            assert result.error is not None
            data.gaps.append(Gap(service, region, result.error, detail or None))
            continue
        value = result.value
        if service == "identity":
            data.identity = value
        elif service == "iam.credential_report":
            data.credentials = value
        elif service == "iam.policies":
            data.user_policies = value
        elif service == "iam.access_keys":
            data.access_keys.extend(value)
        elif service == "s3.account":
            data.account_block = value
        elif service == "s3.buckets":
            data.bucket_listings.extend(value)
        elif service == "s3.bucket":
            data.buckets.append(value)
        elif service == "cost":
            data.cost = value
        elif service == "ec2":
            data.instances.extend(value)
        elif service == "ec2.protection":
            protection.update(value)
        elif service == "ecs":
            data.ecs_clusters.extend(value)
        elif service == "lambda":
            data.lambdas.extend(value)
        elif service == "emr":
            data.emr_clusters.extend(value)
        elif service == "sagemaker":
            data.sagemaker.append(value)
        elif service == "guardduty":
            data.guardduty.append(value)
        elif service == "cloudtrail":
            data.trail.append(value)
    if protection:
        data.instances = [
            i.with_protection(protection[i.instance_id]) if i.instance_id in protection else i
            for i in data.instances
        ]
    data.forget()


def _region_progress(
    tasks: dict[Key, Callable[[], Any]], regions: list[str], progress: Progress | None
) -> Callable[[Hashable, RegionResult[Any]], None] | None:
    if progress is None:
        return None
    remaining = {region: sum(1 for key in tasks if key[1] == region) for region in regions}
    total = len(regions)
    lock = threading.Lock()
    done = [0]

    def on_done(key: Hashable, _result: RegionResult[Any]) -> None:
        region = key[1]  # type: ignore[index]
        with lock:
            if region not in remaining:
                return
            remaining[region] -= 1
            if remaining[region] == 0:
                done[0] += 1
                count = done[0]
            else:
                return
        progress(count, total, "regions")

    return on_done
