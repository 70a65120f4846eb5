"""CloudTrail stopped or deleted, GuardDuty's detector deleted: the account is being blinded.

After StopLogging, EventBridge stops receiving the account's events (the push path goes quiet), but
CloudTrail's event history, which the poll reads, keeps recording: this is why the poll stays on.
"""

from __future__ import annotations

from bot.collect.cloudtrail import resource_name
from bot.model import Finding, Severity
from bot.watch.rules.base import Context, Hit, rule
from bot.watch.rules.common import by_principal, hit, key_containment, who

ID = "watch.trail_tampering"
SEVERITY = Severity.CRITICAL
CLOUDTRAIL = "cloudtrail.amazonaws.com"
GUARDDUTY = "guardduty.amazonaws.com"


@rule(
    ID,
    title="Logging or detection turned off",
    severity=SEVERITY,
    threshold="StopLogging, DeleteTrail or DeleteDetector (attempts included)",
    events={"StopLogging": CLOUDTRAIL, "DeleteTrail": CLOUDTRAIL, "DeleteDetector": GUARDDUTY},
)
def trail_tampering(ctx: Context) -> list[Hit]:
    out = []
    for _, events in by_principal(ctx.named("StopLogging", "DeleteTrail", "DeleteDetector")).items():
        parts = []
        for event in events:
            target = resource_name(event) or event.request.get("detectorId") or ""
            what = f"{event.name} `{target}`" if target else event.name
            parts.append(
                f"{what} in {event.region}" + ("" if event.ok else f" (refused: {event.error_code})")
            )
        title = f"{who(events)}: {'; '.join(parts)}"
        containment = key_containment(ID, SEVERITY, ctx.account, events)
        for region in sorted({e.region for e in events if e.ok and e.name == "DeleteDetector"}):
            containment.append(_enable_guardduty(ctx, region))
        out.append(hit(ID, SEVERITY, title, events, containment=containment))
    return out


def _enable_guardduty(ctx: Context, region: str) -> Finding:
    return Finding(
        check=ID,
        severity=SEVERITY,
        account=ctx.account.name,
        region=region,
        resource_id=region,
        title=f"GuardDuty in {region}",
        evidence={"detector_id": None},  # deleted: the action creates a new detector
        action="guardduty.enable_detector",
    )
