"""CloudTrail's high-signal management events of the last 90 days, one event name per call chain.

`lookup_events` accepts a single lookup attribute per call, so each event name is its own
paginated chain, per region. IAM is a global service whose events are recorded in us-east-1 only,
so its event names are read there alone; the rest are read in every region. LookupEvents is
throttled at 2 requests per second per region: the chains of one region share one client, whose
adaptive retry mode paces them after the first throttle.

Parsing is defensive: `CloudTrailEvent` is a JSON string whose `requestParameters` and
`responseElements` may be null, truncated or shaped differently across API versions.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.aws.session import AccountSession
from bot.times import read_time

log = logging.getLogger(__name__)

IAM_REGION = "us-east-1"
# event name → the services whose event of that name we want (CreateCluster is also EKS, Redshift…)
SOURCES: dict[str, frozenset[str]] = {
    "RunInstances": frozenset({"ec2.amazonaws.com"}),
    "ModifyInstanceAttribute": frozenset({"ec2.amazonaws.com"}),
    "CreateCluster": frozenset({"ecs.amazonaws.com"}),
    "ConsoleLogin": frozenset({"signin.amazonaws.com"}),
    "StopLogging": frozenset({"cloudtrail.amazonaws.com"}),
    "DeleteTrail": frozenset({"cloudtrail.amazonaws.com"}),
    "CreateUserProfile": frozenset({"sagemaker.amazonaws.com"}),
    "CreateApp": frozenset({"sagemaker.amazonaws.com"}),
    "CreateAccessKey": frozenset({"iam.amazonaws.com"}),
    "CreateUser": frozenset({"iam.amazonaws.com"}),
    "CreateLoginProfile": frozenset({"iam.amazonaws.com"}),
    "AttachUserPolicy": frozenset({"iam.amazonaws.com"}),
    "PutUserPolicy": frozenset({"iam.amazonaws.com"}),
}
GLOBAL_EVENTS = ("CreateAccessKey", "CreateUser", "CreateLoginProfile", "AttachUserPolicy", "PutUserPolicy")
REGIONAL_EVENTS = tuple(name for name in SOURCES if name not in GLOBAL_EVENTS)
PAGE_SIZE = 50  # the API's maximum


@dataclass(frozen=True)
class TrailEvent:
    region: str
    name: str
    source: str
    time: datetime
    event_id: str
    principal: str  # an ARN, "root", or the AWS service that acted
    principal_type: str  # IAMUser, Root, AssumedRole, AWSService, FederatedUser…
    user_name: str | None = None
    access_key: str | None = None
    source_ip: str | None = None
    user_agent: str | None = None
    error_code: str | None = None
    request: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    response: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    additional: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # the whole CloudTrail record, for whoever keeps or shows the raw event (the takeover alarm)
    record: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def ok(self) -> bool:
        """The call succeeded (failed attempts are kept: an AccessDenied RunInstances is a clue too)."""
        return not self.error_code

    @property
    def actor(self) -> str:
        """The principal with its key, as a person reads it: `user/ci-deploy (AKIA…)`."""
        short = short_principal(self.principal)
        return f"{short} ({self.access_key})" if self.access_key else short


@dataclass(frozen=True)
class TrailLookup:
    region: str
    event_name: str
    events: tuple[TrailEvent, ...]
    pages: int
    truncated: bool  # stopped at the page budget: older events of this name were not read


def lookup(
    session: AccountSession,
    region: str,
    event_name: str,
    start: datetime,
    end: datetime,
    *,
    max_pages: int = 40,
) -> TrailLookup:
    return lookup_attribute(session, region, "EventName", event_name, start, end, max_pages=max_pages)


def lookup_attribute(
    session: AccountSession,
    region: str,
    key: str,
    value: str,
    start: datetime,
    end: datetime,
    *,
    max_pages: int = 40,
    wanted: Callable[[TrailEvent], bool] | None = None,
) -> TrailLookup:
    """One paginated chain for one lookup attribute (EventName, Username, ReadOnly…), newest first;
    `wanted` filters the events kept (default: those the audit reads, `keep`)."""
    wanted = wanted or keep
    events: list[TrailEvent] = []
    pages = 0
    truncated = False
    for page, more in pages_of(session, region, key, value, start, end):
        pages += 1
        events.extend(event for event in page if wanted(event))
        if pages >= max_pages and more:
            truncated = True
            break
    label = value if key == "EventName" else f"{key}={value}"
    return TrailLookup(region, label, tuple(events), pages, truncated)


def pages_of(
    session: AccountSession, region: str, key: str, value: str, start: datetime, end: datetime
) -> Iterator[tuple[list[TrailEvent], bool]]:
    """Each page of one chain as parsed events, with whether another page follows (stop any time)."""
    client = session.client("cloudtrail", region)
    paginator = client.get_paginator("lookup_events")
    for page in paginator.paginate(
        LookupAttributes=[{"AttributeKey": key, "AttributeValue": value}],
        StartTime=start,
        EndTime=end,
        PaginationConfig={"PageSize": PAGE_SIZE},
    ):
        parsed = [event for item in page.get("Events", []) if (event := parse_event(item, region))]
        yield parsed, bool(page.get("NextToken"))


def parse_event(item: Mapping[str, Any], region: str) -> TrailEvent | None:
    """One LookupEvents item as a TrailEvent; None only when it has no name."""
    if not item.get("EventName"):
        return None
    try:
        detail = json.loads(item.get("CloudTrailEvent") or "{}")
    except (TypeError, ValueError):
        log.warning("unreadable CloudTrailEvent %s", item.get("EventId"))
        detail = {}
    return parse_record(detail if isinstance(detail, dict) else {}, region, item)


def parse_record(
    detail: Mapping[str, Any], region: str, item: Mapping[str, Any] | None = None
) -> TrailEvent | None:
    """A CloudTrail record as a TrailEvent: LookupEvents' `CloudTrailEvent`, or the `detail` of an
    EventBridge "AWS API Call via CloudTrail" event (the same record). `item` is the LookupEvents
    envelope, whose fields fill in what the record lacks. None only when there is no event name."""
    item = item or {}
    name = item.get("EventName") or detail.get("eventName")
    if not name:
        return None
    identity = _mapping(detail.get("userIdentity"))
    principal_type = str(identity.get("type") or "Unknown")
    return TrailEvent(
        region=str(detail.get("awsRegion") or region),
        name=str(name),
        source=str(item.get("EventSource") or detail.get("eventSource") or ""),
        time=_time(item.get("EventTime") or detail.get("eventTime")),
        event_id=str(item.get("EventId") or detail.get("eventID") or ""),
        principal=_principal(identity, item),
        principal_type=principal_type,
        user_name=identity.get("userName") or item.get("Username"),
        access_key=identity.get("accessKeyId") or item.get("AccessKeyId") or None,
        source_ip=detail.get("sourceIPAddress"),
        user_agent=detail.get("userAgent"),
        error_code=detail.get("errorCode"),
        request=_mapping(detail.get("requestParameters")),
        response=_mapping(detail.get("responseElements")),
        additional=_mapping(detail.get("additionalEventData")),
        record=detail,
    )


def keep(event: TrailEvent) -> bool:
    """Only the events the audit reads: the right service, root console logins, protection changes."""
    sources = SOURCES.get(event.name)
    if sources is not None and event.source and event.source not in sources:
        return False
    if event.name == "ConsoleLogin":
        return event.principal_type == "Root"
    if event.name == "ModifyInstanceAttribute":
        return protection_change(event) is not None
    return True


def short_principal(principal: str) -> str:
    """`user/ci-deploy`, `assumed-role/Admin/alice`, `root` — the ARN without its prefix."""
    if principal.startswith("arn:"):
        resource = principal.split(":", 5)[-1]
        return "root" if resource == "root" else resource
    return principal


def _principal(identity: Mapping[str, Any], item: Mapping[str, Any]) -> str:
    kind = identity.get("type")
    if kind == "Root":
        return "root"
    if kind == "AWSService":
        return str(identity.get("invokedBy") or "AWS service")
    if identity.get("arn"):
        return str(identity["arn"])
    issuer = _mapping(_mapping(identity.get("sessionContext")).get("sessionIssuer"))
    if issuer.get("arn"):
        return str(issuer["arn"])
    return str(item.get("Username") or identity.get("principalId") or "unknown")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _time(value: Any) -> datetime:
    return read_time(value) or datetime.fromtimestamp(0, UTC)


# --- what each high-signal event says ----------------------------------------------------------------
@dataclass(frozen=True)
class Launched:
    instance_id: str
    instance_type: str
    time: datetime


def launched(event: TrailEvent) -> list[Launched]:
    """The instances a successful RunInstances created (from responseElements, not the request)."""
    if event.name != "RunInstances" or not event.ok:
        return []
    requested_type = str(event.request.get("instanceType") or "")
    out = []
    for item in _items(event.response.get("instancesSet")):
        instance_id = item.get("instanceId")
        if not instance_id:
            continue
        out.append(
            Launched(
                instance_id=str(instance_id),
                instance_type=str(item.get("instanceType") or requested_type or "unknown"),
                time=_epoch_or_iso(item.get("launchTime"), event.time),
            )
        )
    return out


def requested_count(event: TrailEvent) -> int:
    """MaxCount asked for (the attacker's ambition), whether or not it was granted."""
    items = _items(event.request.get("instancesSet"))
    try:
        return sum(int(i.get("maxCount") or i.get("minCount") or 1) for i in items) or 1
    except (TypeError, ValueError):
        return 1


def requested_protection(event: TrailEvent) -> bool:
    """RunInstances with disableApiTermination: protection set at launch."""
    return _truthy(event.request.get("disableApiTermination"))


def protection_change(event: TrailEvent) -> tuple[str, bool] | None:
    """ModifyInstanceAttribute on disableApiTermination: (instance ID, new value), else None.

    Two request shapes exist: `{"disableApiTermination": {"value": true}}` and
    `{"attribute": "disableApiTermination", "value": "true"}`.
    """
    if event.name != "ModifyInstanceAttribute":
        return None
    instance_id = event.request.get("instanceId")
    if not instance_id:
        return None
    if "disableApiTermination" in event.request:
        value = event.request["disableApiTermination"]
        return str(instance_id), _truthy(value.get("value") if isinstance(value, dict) else value)
    if event.request.get("attribute") == "disableApiTermination":
        return str(instance_id), _truthy(event.request.get("value"))
    return None


def created_access_key(event: TrailEvent) -> tuple[str, str] | None:
    """(user name, access key ID) of a successful CreateAccessKey."""
    key = _mapping(event.response.get("accessKey"))
    if event.name != "CreateAccessKey" or not key.get("accessKeyId"):
        return None
    user = key.get("userName") or event.request.get("userName") or event.user_name or "?"
    return str(user), str(key["accessKeyId"])


def target_user(event: TrailEvent) -> str | None:
    """The IAM user an IAM event acted on (CreateUser, CreateLoginProfile, Attach/PutUserPolicy…)."""
    user = _mapping(event.response.get("user"))
    return user.get("userName") or event.request.get("userName")


def resource_name(event: TrailEvent) -> str | None:
    """What a creating event named: ECS cluster, SageMaker user profile or app, trail."""
    request, response = event.request, event.response
    if event.name == "CreateCluster":
        cluster = _mapping(response.get("cluster"))
        return cluster.get("clusterName") or request.get("clusterName") or "default"
    if event.name == "CreateUserProfile":
        return request.get("userProfileName")
    if event.name == "CreateApp":
        return request.get("appName")
    if event.name in ("StopLogging", "DeleteTrail"):
        return request.get("name")
    return None


def mfa_used(event: TrailEvent) -> bool | None:
    value = event.additional.get("MFAUsed")
    return None if value is None else str(value).lower() == "yes"


def login_succeeded(event: TrailEvent) -> bool:
    return event.ok and str(event.response.get("ConsoleLogin", "Success")) == "Success"


def _items(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, dict):
        value = value.get("items")
    return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []


def _truthy(value: Any) -> bool:
    if isinstance(value, dict):
        value = value.get("value")
    return value is True or str(value).lower() == "true"


def _epoch_or_iso(value: Any, default: datetime) -> datetime:
    """responseElements carry launchTime as epoch milliseconds (sometimes as text)."""
    if isinstance(value, int | float) and value > 0:
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, UTC)
    if isinstance(value, str):
        if value.isdigit():
            return _epoch_or_iso(int(value), default)
        parsed = _time(value)
        return default if parsed.timestamp() == 0 else parsed
    return default
