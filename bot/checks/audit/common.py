"""Small helpers the audit checks share: building a finding, and saying times and lists briefly."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.audit.data import AuditData
from bot.audit.launches import Launch
from bot.collect.cloudtrail import short_principal
from bot.collect.guardduty import GuardDutyFinding
from bot.model import Finding, Severity


def finding(
    data: AuditData,
    check_id: str,
    *,
    severity: Severity,
    region: str,
    resource_id: str,
    title: str,
    evidence: Mapping[str, Any] | None = None,
    action: str | None = None,
    arn: str | None = None,
) -> Finding:
    return Finding(
        check=check_id,
        severity=severity,
        account=data.account,
        region=region,
        resource_id=resource_id,
        title=title,
        evidence=dict(evidence or {}),
        action=action,
        resource_arn=arn,
    )


def launch_finding(data: AuditData, check_id: str, launch: Launch, *, title: str, **evidence: Any) -> Finding:
    """A high-severity finding on one recent launch: what, when and by whom, and a terminate button
    while the instance lives. `evidence` adds to what every launch finding carries."""
    return finding(
        data,
        check_id,
        severity=Severity.HIGH,
        region=launch.region,
        resource_id=launch.instance_id,
        title=title,
        evidence={
            "launch_time": (launch.launch_time or launch.time).isoformat(),
            "instance_type": launch.instance_type,
            "state": launch.state or "gone",
            "launched_by": short_principal(launch.principal) if launch.principal else None,
            "access_key": launch.access_key,
            **evidence,
        },
        action="ec2.terminate_instance" if launch.live else None,
    )


def guardduty_findings(
    data: AuditData,
    check_id: str,
    *,
    keep: Callable[[GuardDutyFinding], bool],
    severity: Callable[[GuardDutyFinding], Severity],
) -> list[Finding]:
    """One finding per GuardDuty finding that `keep` selects, with its type, severity and count."""
    return [
        finding(
            data,
            check_id,
            severity=severity(f),
            region=f.region,
            resource_id=f.resource or f.finding_id,
            title=f"{f.type} (severity {f.severity:g}, seen {f.count}×)",
            evidence={"type": f.type, "finding_id": f.finding_id, "severity": f.severity, "count": f.count},
        )
        for gd in data.guardduty
        for f in gd.findings
        if keep(f)
    ]


def guardduty_summary(lead: str, findings: Sequence[Finding]) -> str:
    """`lead` and the first few findings' types, resources and regions."""
    parts = [f"{f.evidence['type']} on `{f.resource_id}` ({f.region})" for f in findings]
    return lead + listing(parts, 4, code=False)


def when(moment: datetime | None) -> str:
    """`2026-11-20 03:12 UTC`: to the minute, always UTC (Slack readers are in many zones)."""
    if moment is None:
        return "unknown time"
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def span(first: datetime, last: datetime) -> str:
    if first.date() == last.date():
        return f"{first.strftime('%Y-%m-%d %H:%M')}–{last.strftime('%H:%M')} UTC"
    return f"{when(first)} – {when(last)}"


def minutes(first: datetime, last: datetime) -> str:
    seconds = (last - first).total_seconds()
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"


def listing(items: Iterable[str], limit: int = 5, code: bool = True) -> str:
    """`a`, `b`, `c` and 12 more — resource names verbatim, the long tail counted."""
    values = list(dict.fromkeys(items))
    shown = [f"`{v}`" if code else v for v in values[:limit]]
    more = f" and {len(values) - limit} more" if len(values) > limit else ""
    return ", ".join(shown) + more


def counted(counter: Mapping[str, int], limit: int = 3) -> str:
    """`300× p3.16xlarge, 12× g5.xlarge` — most common first."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    text = ", ".join(f"{n}× {k}" for k, n in items[:limit])
    return text + (f", +{len(items) - limit} more" if len(items) > limit else "")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def key_id_for(data: AuditData, user: str, last_rotated: datetime | None) -> str | None:
    """The access key ID behind a credential-report slot (the report has dates, not IDs)."""
    if last_rotated is None:
        return None
    for key in data.access_keys:
        if key.user == user and key.created and abs((key.created - last_rotated).total_seconds()) <= 2:
            return key.key_id
    return None
