"""GuardDuty in one region: is a detector on, and what has it found (most severe first).

A region without an enabled detector is blind: an intruder can mine there unseen, so the audit
reports it as a finding of its own. Archived findings are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.aws.session import AccountSession
from bot.times import read_time

GET_BATCH = 50  # GetFindings takes at most 50 IDs


@dataclass(frozen=True)
class GuardDutyFinding:
    region: str
    finding_id: str
    type: str  # e.g. CryptoCurrency:EC2/BitcoinTool.B!DNS
    severity: float  # 1–8.9 (low < 4 ≤ medium < 7 ≤ high), 9+ critical
    title: str
    created: datetime | None
    updated: datetime | None
    resource_type: str | None = None
    resource: str | None = None  # instance ID, access key ID, bucket…
    count: int = 1

    @property
    def crypto(self) -> bool:
        return self.type.startswith("CryptoCurrency:")

    @property
    def unauthorized_access(self) -> bool:
        return self.type.startswith("UnauthorizedAccess:")


@dataclass(frozen=True)
class GuardDutyRegion:
    region: str
    detector_id: str | None  # None: no detector at all
    status: str  # ENABLED, DISABLED, or NONE
    findings: tuple[GuardDutyFinding, ...] = ()
    truncated: bool = False

    @property
    def enabled(self) -> bool:
        return self.status == "ENABLED"


def collect_guardduty(session: AccountSession, region: str, *, max_findings: int = 200) -> GuardDutyRegion:
    client = session.client("guardduty", region)
    detectors = [d for page in client.get_paginator("list_detectors").paginate() for d in page["DetectorIds"]]
    if not detectors:
        return GuardDutyRegion(region, None, "NONE")
    detector = detectors[0]  # a region has at most one detector per account
    status = str(client.get_detector(DetectorId=detector).get("Status", "UNKNOWN"))
    ids: list[str] = []
    truncated = False
    for page in client.get_paginator("list_findings").paginate(
        DetectorId=detector,
        FindingCriteria={"Criterion": {"service.archived": {"Equals": ["false"]}}},
        SortCriteria={"AttributeName": "severity", "OrderBy": "DESC"},
        PaginationConfig={"PageSize": 50},
    ):
        ids.extend(page.get("FindingIds", []))
        if len(ids) >= max_findings:
            truncated = len(ids) > max_findings or bool(page.get("NextToken"))
            ids = ids[:max_findings]
            break
    findings: list[GuardDutyFinding] = []
    for i in range(0, len(ids), GET_BATCH):
        answer = client.get_findings(DetectorId=detector, FindingIds=ids[i : i + GET_BATCH])
        findings.extend(_finding(region, item) for item in answer.get("Findings", []))
    findings.sort(key=lambda f: -f.severity)
    return GuardDutyRegion(region, detector, status, tuple(findings), truncated)


def _finding(region: str, item: dict[str, Any]) -> GuardDutyFinding:
    resource = item.get("Resource", {})
    service = item.get("Service", {})
    return GuardDutyFinding(
        region=item.get("Region", region),
        finding_id=item["Id"],
        type=item.get("Type", ""),
        severity=float(item.get("Severity", 0)),
        title=item.get("Title", item.get("Type", "")),
        created=read_time(item.get("CreatedAt")),
        updated=read_time(item.get("UpdatedAt")),
        resource_type=resource.get("ResourceType"),
        resource=_resource(resource),
        count=int(service.get("Count") or 1),
    )


def _resource(resource: dict[str, Any]) -> str | None:
    if resource.get("InstanceDetails", {}).get("InstanceId"):
        return str(resource["InstanceDetails"]["InstanceId"])
    key = resource.get("AccessKeyDetails", {})
    if key.get("AccessKeyId"):
        return f"{key['AccessKeyId']} ({key.get('UserName', '?')})"
    buckets = resource.get("S3BucketDetails") or []
    if buckets and buckets[0].get("Name"):
        return str(buckets[0]["Name"])
    if resource.get("EcsClusterDetails", {}).get("Name"):
        return str(resource["EcsClusterDetails"]["Name"])
    return None
