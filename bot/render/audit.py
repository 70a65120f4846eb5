"""/aws-audit's answer: the verdict as the parent, one thread reply per area, guardrails last.

Pure: an `AuditReport` and the stored offer IDs in, `Message`s out. The parent says the verdict,
why, the three to five strongest pieces of evidence, the counts, and what could not be read; the
thread holds the details, every resource identifier verbatim (CSV when long), and the buttons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from bot.audit.containment import Containment
from bot.audit.data import SERVICE_LABELS, Gap
from bot.audit.rules import Weight
from bot.audit.run import AuditReport
from bot.checks.audit.common import plural
from bot.model import Severity, Verdict
from bot.render.audit_areas import (
    cloudtrail_reply,
    cost_reply,
    credentials_reply,
    guardduty_reply,
    guardrails_reply,
    inventory_reply,
    s3_reply,
)
from bot.render.blocks import MAX_SECTION, Block, clip, context, escape, fields, header, section
from bot.render.message import Message

WEIGHT_MARK = {Weight.DECISIVE: "🔴", Weight.STRONG: "🟠", Weight.SUPPORTING: "🟡", Weight.HYGIENE: "⚪"}
EVIDENCE_LINE = 450  # characters per evidence line in the parent; the thread has the rest


def render_audit(
    report: AuditReport, containments: Sequence[Containment] = (), offers: Mapping[str, str] | None = None
) -> tuple[Message, list[Message]]:
    offers = offers or {}
    return parent(report, containments), thread(report, containments, offers)


def parent(report: AuditReport, containments: Sequence[Containment] = ()) -> Message:
    data, assessment = report.data, report.assessment
    verdict = assessment.verdict
    who = f"{data.account} ({data.account_id}" + (
        f", {data.identity.alias})" if data.identity and data.identity.alias else ")"
    )
    blocks: list[Block] = [
        header(f"{verdict.emoji} {verdict.value[0].upper()}{verdict.value[1:]}: {who}"),
        section(f"*{escape(assessment.reason)}*"),
    ]
    strongest = assessment.strongest(5)
    if strongest:
        lines = [f"{WEIGHT_MARK[e.weight]} {clip(e.text, EVIDENCE_LINE)}" for e in strongest]
        blocks.append(section(clip("*Strongest evidence*\n" + "\n".join(lines), MAX_SECTION)))
    else:
        blocks.append(section("*No takeover evidence found* in what could be read."))
    blocks.append(fields(_counts(report)))
    gaps = gap_lines(report.gaps)
    if gaps:
        blocks.append(
            section(clip("*Could not read* (the answer is partial there):\n" + "\n".join(gaps), MAX_SECTION))
        )
    caveats = (
        [c for c in assessment.caveats if not c.startswith("CloudTrail not read")]
        if gaps
        else list(assessment.caveats)
    )
    if caveats:
        blocks.append(context(*(f"⚠️ {c}" for c in caveats[:3])))
    buttons = (
        f" {len(containments)} containment button(s) there only file requests; a second person approves."
        if containments
        else ""
    )
    blocks.append(
        context(
            "Details in the thread: inventory · CloudTrail · credentials · GuardDuty · S3 · cost · guardrails"
            + (" and next steps" if verdict is not Verdict.LIKELY_LEGITIMATE else "")
            + "."
            + buttons
        )
    )
    first = strongest[0].text if strongest else assessment.reason
    text = f"{verdict.emoji} {data.account}: {verdict.value} — {clip(first, 300)}"
    return Message(text=text, blocks=blocks)


def thread(
    report: AuditReport, containments: Sequence[Containment], offers: Mapping[str, str]
) -> list[Message]:
    by_area: dict[str, list[Containment]] = defaultdict(list)
    for c in containments:
        if c.key in offers:
            by_area[c.area].append(c)
    return [
        inventory_reply(report, by_area["inventory"], offers),
        cloudtrail_reply(report, by_area["cloudtrail"], offers),
        credentials_reply(report, by_area["credentials"], offers),
        guardduty_reply(report, by_area["guardduty"], offers),
        s3_reply(report, by_area["s3"], offers),
        cost_reply(report, by_area["cost"], offers),
        guardrails_reply(report),
    ]


def gap_lines(gaps: Sequence[Gap]) -> list[str]:
    """One line per (service, problem), its regions and details folded: 13 CloudTrail chains are one line."""
    grouped: dict[tuple[str, str, str], list[Gap]] = defaultdict(list)
    for gap in gaps:
        grouped[(gap.service, gap.problem.kind.value, gap.problem.code)].append(gap)
    lines = []
    for (service, _kind, _code), items in grouped.items():
        label = SERVICE_LABELS.get(service, service)
        details = sorted({g.detail for g in items if g.detail})
        if details and service in ("cloudtrail", "s3.bucket", "checks", "iam.access_keys", "ec2.protection"):
            noun = "event names" if service == "cloudtrail" else "items"
            label += f" ({len(details)} {noun}: {', '.join(details[:4])}" + (
                "…)" if len(details) > 4 else ")"
            )
        regions = sorted({g.region for g in items if g.region != "global"})
        where = f" in {', '.join(regions)}" if regions else ""
        lines.append(f"• {label}{where}: {items[0].problem.describe()}")
    return lines


def _counts(report: AuditReport) -> list[tuple[str, str]]:
    data = report.data
    regions = data.regions
    live = [i for i in data.instances if i.live]
    parts = [plural(len(live), "instance")]
    if data.ecs_clusters:
        parts.append(plural(len(data.ecs_clusters), "ECS cluster"))
    if data.lambdas:
        parts.append(plural(len(data.lambdas), "Lambda function"))
    if data.emr_clusters:
        parts.append(plural(len(data.emr_clusters), "EMR cluster"))
    sm = sum(r.resources for r in data.sagemaker)
    if sm:
        parts.append(plural(sm, "SageMaker resource"))
    parts.append(plural(len(data.buckets), "bucket"))
    severity = report.by_severity()
    findings = " · ".join(f"{Severity[k.upper()].emoji} {n} {k}" for k, n in severity.items()) or "none"
    cost = data.cost
    if cost is None:
        money = "not readable"
    elif cost.recent_spikes():
        money = f"spike: {cost.recent_spikes()[-1].describe()}"
    elif cost.run_rate:
        money = cost.run_rate.describe()
    else:
        money = f"{cost.signal.value}; month to date {cost.month_over_month.describe()} vs last month"
    return [
        (
            "Regions scanned",
            f"{len(regions)}: {', '.join(regions)}" if len(regions) <= 6 else str(len(regions)),
        ),
        ("Resources", f"{data.resource_count} ({', '.join(parts)})"),
        ("Findings", findings),
        ("Cost", money),
    ]
