"""The audit APIs moto lacks, answered from real-shaped records: CloudTrail, GuardDuty findings, SageMaker.

moto 5 has no CloudTrail `LookupEvents`, no GuardDuty `ListFindings`/`GetFindings` and no SageMaker
`ListUserProfiles`/`ListApps`. This fake answers them behind the bot's own boto3 clients (through
`FakeAws`, which checks every answer against the service model), paginated like AWS, so tests, the
demo and the bench exercise the same code as production. Attach it and none of those calls can
reach a real endpoint: they all have a handler, answering empty when nothing was added.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.aws.fakes import FakeAws, FakeError
from bot.times import parse_time

ACCOUNT = "123456789012"
OPERATIONS = (
    ("cloudtrail", "LookupEvents"),
    ("guardduty", "ListFindings"),
    ("guardduty", "GetFindings"),
    ("sagemaker", "ListUserProfiles"),
    ("sagemaker", "ListApps"),
)


@dataclass
class FakeAuditApis:
    account_id: str = ACCOUNT
    events: defaultdict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    findings: defaultdict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    user_profiles: defaultdict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    apps: defaultdict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    denied: set[tuple[str, str]] = field(default_factory=set)  # (operation, region) answering AccessDenied
    latency: float = 0.0  # seconds per call, like the network (the bench sets 50 ms)
    calls: list[tuple[str, str]] = field(default_factory=list)

    def attach_to(self, fake: FakeAws) -> FakeAws:
        fake.on("cloudtrail", "LookupEvents")(self._lookup_events)
        fake.on("guardduty", "ListFindings")(self._list_findings)
        fake.on("guardduty", "GetFindings")(self._get_findings)
        fake.on("sagemaker", "ListUserProfiles")(self._list_user_profiles)
        fake.on("sagemaker", "ListApps")(self._list_apps)
        return fake

    # --- CloudTrail ------------------------------------------------------------------------------
    def event(
        self,
        name: str,
        *,
        region: str,
        time: datetime,
        source: str,
        user: str | None = "ci-deploy",
        access_key: str | None = "AKIAEXAMPLEOLDKEY001",
        identity_type: str = "IAMUser",
        request: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        additional: dict[str, Any] | None = None,
        error_code: str | None = None,
        source_ip: str = "198.51.100.23",
        user_agent: str = "aws-cli/2.15.0 Python/3.11.6",
    ) -> dict[str, Any]:
        """Record one management event as LookupEvents returns it (CloudTrailEvent as a JSON string)."""
        event_id = str(uuid.uuid4())
        identity: dict[str, Any] = {"type": identity_type, "accountId": self.account_id}
        if identity_type == "Root":
            identity.update(arn=f"arn:aws:iam::{self.account_id}:root", principalId=self.account_id)
        elif identity_type == "IAMUser":
            identity.update(arn=f"arn:aws:iam::{self.account_id}:user/{user}", userName=user)
        elif identity_type == "AssumedRole":
            identity.update(arn=f"arn:aws:sts::{self.account_id}:assumed-role/{user}")
        if access_key:
            identity["accessKeyId"] = access_key
        detail: dict[str, Any] = {
            "eventVersion": "1.09",
            "userIdentity": identity,
            "eventTime": time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": source_ip,
            "userAgent": user_agent,
            "requestParameters": request,
            "responseElements": response,
            "eventID": event_id,
            "readOnly": False,
            "eventType": "AwsConsoleSignIn" if name == "ConsoleLogin" else "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": self.account_id,
        }
        if additional:
            detail["additionalEventData"] = additional
        if error_code:
            detail["errorCode"] = error_code
            detail["errorMessage"] = "You are not authorized to perform this operation."
        item: dict[str, Any] = {
            "EventId": event_id,
            "EventName": name,
            "ReadOnly": "false",
            "EventTime": time,
            "EventSource": source,
            "Username": user or "root",
            "Resources": [],
            "CloudTrailEvent": json.dumps(detail),
        }
        if access_key:
            item["AccessKeyId"] = access_key
        self.events[region].append(item)
        return item

    def run_instances(
        self,
        *,
        region: str,
        time: datetime,
        instances: list[tuple[str, str]],  # (instance ID, type)
        protection: bool = False,
        **who: Any,
    ) -> dict[str, Any]:
        types = {t for _, t in instances}
        request: dict[str, Any] = {
            "instancesSet": {
                "items": [{"imageId": "ami-0abcdef1234567890", "minCount": 1, "maxCount": len(instances)}]
            },
            "instanceType": types.pop() if len(types) == 1 else None,
        }
        if protection:
            request["disableApiTermination"] = True
        response = {
            "reservationId": f"r-{uuid.uuid4().hex[:17]}",
            "ownerId": self.account_id,
            "instancesSet": {
                "items": [
                    {
                        "instanceId": instance_id,
                        "instanceType": instance_type,
                        "launchTime": int(time.timestamp() * 1000),
                        "instanceState": {"code": 0, "name": "pending"},
                    }
                    for instance_id, instance_type in instances
                ]
            },
        }
        return self.event("RunInstances", region=region, time=time, source="ec2.amazonaws.com",
                          request=request, response=response, **who)  # fmt: skip

    def iam_event(
        self, name: str, *, time: datetime, request: dict[str, Any], response: Any = None, **who: Any
    ) -> dict[str, Any]:
        """IAM is global: its events are recorded in us-east-1."""
        return self.event(name, region="us-east-1", time=time, source="iam.amazonaws.com",
                          request=request, response=response, **who)  # fmt: skip

    def create_user(self, user_name: str, *, time: datetime, **who: Any) -> dict[str, Any]:
        response = {"user": {"userName": user_name, "userId": "AIDA" + uuid.uuid4().hex[:17].upper(),
                             "arn": f"arn:aws:iam::{self.account_id}:user/{user_name}",
                             "createDate": time.strftime("%b %d, %Y %I:%M:%S %p")}}  # fmt: skip
        return self.iam_event(
            "CreateUser", time=time, request={"userName": user_name}, response=response, **who
        )

    def create_access_key(self, user_name: str, key_id: str, *, time: datetime, **who: Any) -> dict[str, Any]:
        response = {"accessKey": {"userName": user_name, "accessKeyId": key_id, "status": "Active",
                                  "createDate": time.strftime("%b %d, %Y %I:%M:%S %p")}}  # fmt: skip
        return self.iam_event(
            "CreateAccessKey", time=time, request={"userName": user_name}, response=response, **who
        )

    def attach_user_policy(
        self, user_name: str, policy_arn: str, *, time: datetime, **who: Any
    ) -> dict[str, Any]:
        request = {"userName": user_name, "policyArn": policy_arn}
        return self.iam_event("AttachUserPolicy", time=time, request=request, **who)

    # --- GuardDuty -------------------------------------------------------------------------------
    def guardduty_finding(
        self,
        region: str,
        finding_type: str,
        *,
        severity: float,
        time: datetime,
        instance_id: str | None = None,
        access_key: tuple[str, str] | None = None,  # (access key ID, user name)
        title: str | None = None,
        count: int = 1,
    ) -> dict[str, Any]:
        finding_id = uuid.uuid4().hex
        resource: dict[str, Any] = {"ResourceType": "Instance" if instance_id else "AccessKey"}
        if instance_id:
            resource["InstanceDetails"] = {"InstanceId": instance_id, "InstanceType": "p3.8xlarge"}
        if access_key:
            key_id, user = access_key
            resource["AccessKeyDetails"] = {"AccessKeyId": key_id, "UserName": user, "UserType": "IAMUser"}
        stamp = time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        item = {
            "AccountId": self.account_id,
            "Arn": f"arn:aws:guardduty:{region}:{self.account_id}:detector/x/finding/{finding_id}",
            "CreatedAt": stamp,
            "UpdatedAt": stamp,
            "Id": finding_id,
            "Region": region,
            "Resource": resource,
            "SchemaVersion": "2.0",
            "Severity": severity,
            "Type": finding_type,
            "Title": title or finding_type,
            "Service": {"Archived": False, "Count": count, "ServiceName": "guardduty"},
        }
        self.findings[region].append(item)
        return item

    # --- SageMaker -------------------------------------------------------------------------------
    def user_profile(self, region: str, domain_id: str, name: str, *, created: datetime) -> None:
        self.user_profiles[region].append(
            {
                "DomainId": domain_id,
                "UserProfileName": name,
                "Status": "InService",
                "CreationTime": created,
                "LastModifiedTime": created,
            }
        )

    def app(
        self,
        region: str,
        domain_id: str,
        user_profile: str,
        *,
        created: datetime,
        app_type: str = "Canvas",
        name: str = "default",
        status: str = "InService",
        instance_type: str = "system",
    ) -> None:
        self.apps[region].append(
            {
                "DomainId": domain_id,
                "UserProfileName": user_profile,
                "AppType": app_type,
                "AppName": name,
                "Status": status,
                "CreationTime": created,
                "ResourceSpec": {"InstanceType": instance_type},
            }
        )

    # --- handlers --------------------------------------------------------------------------------
    def _check(self, operation: str, region: str) -> None:
        self.calls.append((operation, region))
        if self.latency:
            time.sleep(self.latency)
        if (operation, region) in self.denied or (operation, "*") in self.denied:
            raise FakeError("AccessDeniedException", f"not authorized to perform {operation}", 400)

    def _lookup_events(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        self._check("LookupEvents", region)
        attributes = params.get("LookupAttributes") or []
        if len(attributes) > 1:
            raise FakeError("InvalidLookupAttributesException", "Only one lookup attribute is allowed")
        wanted = {a["AttributeKey"]: a["AttributeValue"] for a in attributes}
        start = _aware(params.get("StartTime"))
        end = _aware(params.get("EndTime"))
        items = [
            e
            for e in self.events[region]
            if all(_matches(e, key, value) for key, value in wanted.items())
            and (start is None or e["EventTime"] >= start)
            and (end is None or e["EventTime"] <= end)
        ]
        items.sort(key=lambda e: e["EventTime"], reverse=True)  # newest first, as CloudTrail answers
        return _page(params, items, "Events", size=min(int(params.get("MaxResults") or 50), 50))

    def _list_findings(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        self._check("ListFindings", region)
        items = sorted(self.findings[region], key=lambda f: -f["Severity"])
        answer = _page(params, items, "FindingIds", size=int(params.get("MaxResults") or 50))
        answer["FindingIds"] = [f["Id"] for f in answer["FindingIds"]]
        return answer

    def _get_findings(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        self._check("GetFindings", region)
        ids = params["FindingIds"]
        if len(ids) > 50:
            raise FakeError("BadRequestException", "at most 50 finding IDs")
        return {"Findings": [f for f in self.findings[region] if f["Id"] in ids]}

    def _list_user_profiles(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        self._check("ListUserProfiles", region)
        return _page(
            params, self.user_profiles[region], "UserProfiles", size=int(params.get("MaxResults") or 10)
        )

    def _list_apps(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        self._check("ListApps", region)
        return _page(params, self.apps[region], "Apps", size=int(params.get("MaxResults") or 10))


def _matches(item: dict[str, Any], key: str, value: str) -> bool:
    """LookupEvents' attributes, as CloudTrail compares them (exact values)."""
    if key in ("ResourceType", "ResourceName"):
        return any(r.get(key) == value for r in item.get("Resources") or [])
    return str(item.get(key, "")) == value


def _page(params: dict[str, Any], items: list[Any], key: str, *, size: int) -> dict[str, Any]:
    offset = int(params.get("NextToken") or 0)
    answer: dict[str, Any] = {key: items[offset : offset + size]}
    if offset + size < len(items):
        answer["NextToken"] = str(offset + size)
    return answer


def _aware(value: Any) -> datetime | None:
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    return parse_time(value)
