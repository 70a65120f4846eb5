"""One harmless read per AWS service the bot uses, so a missing permission shows now, not mid-incident.

Which services, and for which command, is derived from what already lists them:
- `/aws-audit`: `bot/audit/permissions.py` (every IAM action the audit calls);
- `/aws-idle`: the collector registry (`bot/collect/registry.py`) and the idle checks' registry
  (CloudWatch metrics, Compute Optimizer), plus the Price List the scan prices with;
- `/aws-cost`, `/aws-pastdue`, `/aws-digest`: `ALSO_READ` below (those commands have no registry).
A test scans `bot/` for every `client("…")` so no service the code opens can miss its probe.

Each probe is the cheapest read that needs the same permission the bot uses, never a write: a
page of one item where the API takes a size. Cost Explorer's is a billed request ($0.01): it asks
for the same 90-day daily series every command starts from, cached for the day in the store.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.audit.permissions import AUDIT_PERMISSIONS
from bot.aws.session import AccountSession
from bot.store import Store
from bot.store.types import utcnow

# IAM prefixes whose boto3 client has another name, and actions served by another client.
_CLIENT_OF_PREFIX = {"elasticmapreduce": "emr", "elasticloadbalancing": "elbv2"}
_CLIENT_OF_ACTION = {"s3:GetAccountPublicAccessBlock": "s3control"}
# Commands without a registry of what they read (each module's docstring says the same).
ALSO_READ: dict[str, tuple[str, ...]] = {
    "/aws-idle": ("pricing",),  # bot/pricing/price_list.py
    "/aws-cost": ("ce", "compute-optimizer"),  # bot/spend/explorer.py, bot/spend/rightsizing.py
    "/aws-pastdue": ("invoicing", "bcm-recommended-actions", "account"),  # bot/billing/pastdue.py
    "/aws-digest": ("ce", "budgets"),  # bot/digest/anomalies.py, bot/digest/budgets.py
    "takeover alarm": ("cloudtrail", "ec2"),  # bot/watch/poll.py (LookupEvents), bot/watch/containment.py
}
NOT_PROBED = {"sts"}  # AssumeRole and GetCallerIdentity: the role check itself


@dataclass(frozen=True)
class ProbeContext:
    session: AccountSession  # the audit role, as the scheduler
    store: Store | None  # None: the database is not usable; Cost Explorer is then asked uncached

    @property
    def account_id(self) -> str:
        return self.session.account.account_id


@dataclass(frozen=True)
class Probe:
    service: str  # boto3 client name
    action: str  # the IAM action it needs ("guardduty:ListDetectors")
    call: Callable[[Any, ProbeContext], Any]
    regional: bool = True  # False: the service's global endpoint (us-east-1)
    answered: frozenset[str] = field(default_factory=frozenset)  # error codes that prove access
    api: str | None = None  # the API operation, when it is not named like the IAM action

    @property
    def operation(self) -> str:
        return self.api or self.action.split(":", 1)[1]

    def run(self, context: ProbeContext, region: str) -> Any:
        return self.call(context.session.client(self.service, region if self.regional else None), context)


def _ce(client: Any, context: ProbeContext) -> Any:
    if context.store is not None:
        from bot.spend.explorer import CostExplorer

        return CostExplorer(context.session, context.store).daily()  # cached: the day's commands reuse it
    today = utcnow().date()
    period = {"Start": (today - timedelta(days=1)).isoformat(), "End": today.isoformat()}
    return client.get_cost_and_usage(TimePeriod=period, Granularity="DAILY", Metrics=["UnblendedCost"])


def _metric(client: Any, context: ProbeContext) -> Any:
    now = utcnow()
    query = {
        "Id": "doctor",
        "MetricStat": {
            "Metric": {"Namespace": "AWS/EC2", "MetricName": "CPUUtilization"},
            "Period": 3600,
            "Stat": "Average",
        },
    }
    return client.get_metric_data(MetricDataQueries=[query], StartTime=now - timedelta(hours=1), EndTime=now)


PROBES: dict[str, Probe] = {
    p.service: p
    for p in (
        Probe("ec2", "ec2:DescribeInstances", lambda c, x: c.describe_instances(MaxResults=5)),
        Probe("ecs", "ecs:ListClusters", lambda c, x: c.list_clusters(maxResults=1)),
        Probe("lambda", "lambda:ListFunctions", lambda c, x: c.list_functions(MaxItems=1)),
        Probe(
            "emr", "elasticmapreduce:ListClusters", lambda c, x: c.list_clusters(ClusterStates=["RUNNING"])
        ),
        Probe("sagemaker", "sagemaker:ListDomains", lambda c, x: c.list_domains(MaxResults=1)),
        Probe("cloudtrail", "cloudtrail:LookupEvents", lambda c, x: c.lookup_events(MaxResults=1)),
        Probe("guardduty", "guardduty:ListDetectors", lambda c, x: c.list_detectors(MaxResults=1)),
        Probe(
            "elbv2",
            "elasticloadbalancing:DescribeLoadBalancers",
            lambda c, x: c.describe_load_balancers(PageSize=1),
        ),
        Probe(
            "elb",
            "elasticloadbalancing:DescribeLoadBalancers",
            lambda c, x: c.describe_load_balancers(PageSize=1),
        ),
        Probe(
            "autoscaling",
            "autoscaling:DescribeLaunchConfigurations",
            lambda c, x: c.describe_launch_configurations(MaxRecords=1),
        ),
        Probe("rds", "rds:DescribeDBInstances", lambda c, x: c.describe_db_instances(MaxRecords=20)),
        Probe("logs", "logs:DescribeLogGroups", lambda c, x: c.describe_log_groups(limit=1)),
        Probe("cloudwatch", "cloudwatch:GetMetricData", _metric),
        Probe("iam", "iam:ListAccountAliases", lambda c, x: c.list_account_aliases(), regional=False),
        Probe(
            "s3",
            "s3:ListAllMyBuckets",
            lambda c, x: c.list_buckets(MaxBuckets=1),
            regional=False,
            api="ListBuckets",
        ),
        Probe(
            "s3control",
            "s3:GetAccountPublicAccessBlock",
            lambda c, x: c.get_public_access_block(AccountId=x.account_id),
            regional=False,
            answered=frozenset({"NoSuchPublicAccessBlockConfiguration"}),
            api="GetPublicAccessBlock",
        ),
        Probe("ce", "ce:GetCostAndUsage", _ce, regional=False),
        Probe(
            "compute-optimizer",
            "compute-optimizer:GetEnrollmentStatus",
            lambda c, x: c.get_enrollment_status(),
            regional=False,
        ),
        Probe(
            "pricing",
            "pricing:GetProducts",
            lambda c, x: c.get_products(ServiceCode="AmazonEC2", MaxResults=1),
            regional=False,
        ),
        Probe(
            "budgets",
            "budgets:ViewBudget",
            lambda c, x: c.describe_budgets(AccountId=x.account_id, MaxResults=1),
            regional=False,
            api="DescribeBudgets",
        ),
        Probe(
            "invoicing",
            "invoicing:ListInvoiceSummaries",
            lambda c, x: c.list_invoice_summaries(
                Selector={"ResourceType": "ACCOUNT_ID", "Value": x.account_id}, MaxResults=1
            ),
            regional=False,
        ),
        Probe(
            "bcm-recommended-actions",
            "bcm-recommended-actions:ListRecommendedActions",
            lambda c, x: c.list_recommended_actions(maxResults=1),
            regional=False,
        ),
        Probe(
            "account",
            "account:GetAccountInformation",
            lambda c, x: c.get_account_information(),
            regional=False,
        ),
    )
}


def services_in_use() -> dict[str, set[str]]:
    """boto3 service → the commands that read it, from the registries and lists named above."""
    uses: dict[str, set[str]] = defaultdict(set)
    for permission in AUDIT_PERMISSIONS:
        prefix = permission.split(":", 1)[0]
        service = _CLIENT_OF_ACTION.get(permission) or _CLIENT_OF_PREFIX.get(prefix, prefix)
        uses[service].add("/aws-audit")
    from bot.checks.registry import checks_of
    from bot.collect import registry as collectors

    for module in collectors.MODULES:
        importlib.import_module(f"bot.collect.{module}")
    for collector in collectors.COLLECTORS.values():
        uses[collector.service].add("/aws-idle")
    for check in checks_of("idle"):
        if check.metrics is not None:
            uses["cloudwatch"].add("/aws-idle")
        if check.uses_compute_optimizer:
            uses["compute-optimizer"].add("/aws-idle")
    for command, services in ALSO_READ.items():
        for service in services:
            uses[service].add(command)
    for service in NOT_PROBED:
        uses.pop(service, None)
    return dict(uses)


def planned() -> list[tuple[Probe, set[str]]]:
    """The probes to run, each with the commands that need it, regional ones first."""
    uses = services_in_use()
    missing = sorted(set(uses) - set(PROBES))
    if missing:
        raise LookupError(f"no doctor probe for {', '.join(missing)}: add one to bot/doctor/probes.py")
    return sorted(((PROBES[s], uses[s]) for s in uses), key=lambda p: (not p[0].regional, p[0].service))
