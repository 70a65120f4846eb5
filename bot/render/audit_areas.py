"""The thread replies of /aws-audit, one per area; each lists its findings and its containment buttons."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from bot.audit.containment import Containment
from bot.audit.guardrails import SCP_MAX_CHARS, fits, next_steps, scp, scp_json
from bot.audit.run import AuditReport
from bot.checks.audit.registry import CHECKS
from bot.collect.cloudtrail import short_principal
from bot.model import Finding, money
from bot.render.blocks import (
    Block,
    actions,
    button,
    clip,
    code_table,
    confirm_dialog,
    context,
    divider,
    escape,
    line_sections,
    section,
    table_or_csv,
)
from bot.render.message import BinaryFile, CsvFile, Message

ROWS = 12  # rows shown inline per table; the rest go to the CSV
Reply = Message


def inventory_reply(report: AuditReport, offers: Sequence[Containment], ids: Mapping[str, str]) -> Reply:
    data = report.data
    blocks: list[Block] = [section("*🖥️ Inventory* — compute in every region scanned")]
    rows = []
    for region in data.regions:
        inst = [i for i in data.instances if i.region == region and i.live]
        ecs = [c for c in data.ecs_clusters if c.region == region]
        sm = next((s for s in data.sagemaker if s.region == region), None)
        rows.append(
            [
                region,
                len(inst),
                sum(1 for i in inst if i.gpu),
                f"{len(ecs)}/{sum(c.running_tasks for c in ecs)}/{sum(c.fargate_tasks for c in ecs)}",
                sum(1 for f in data.lambdas if f.region == region),
                sum(1 for c in data.emr_clusters if c.region == region),
                _sagemaker_cell(sm),
            ]
        )
    blocks += code_table(
        ["region", "EC2", "GPU", "ECS cl/tasks/Fargate", "λ", "EMR", "SageMaker p/app/nb/ep"], rows
    )
    gpu = Counter((i.instance_type, i.region) for i in data.instances if i.live and i.gpu)
    if gpu:
        blocks.append(
            section("*GPU instances:* " + ", ".join(f"{n}× `{t}` in {r}" for (t, r), n in gpu.most_common(8)))
        )
    canvas = [a for a in data.apps if a.canvas and a.live]
    if canvas:
        lines = ["*Canvas apps and their owners*"]
        for app in canvas:
            event = data.creator("CreateUserProfile", name=app.user_profile)
            by = f", profile created by {event.actor}" if event else ""
            lines.append(
                f"• `{app.user_profile}/{app.name}` (domain `{app.domain_id}`, {app.region}, "
                f"{app.status}{by})"
            )
        blocks += line_sections(lines)
    files: list[CsvFile] = []
    if len(data.instances) > ROWS:
        files.append(
            CsvFile(
                filename="audit-instances.csv",
                title="All instances",
                header=[
                    "instance_id",
                    "region",
                    "type",
                    "state",
                    "launch_time",
                    "gpu",
                    "termination_protection",
                    "name",
                ],
                rows=[
                    [
                        i.instance_id,
                        i.region,
                        i.instance_type,
                        i.state,
                        i.launch_time.isoformat(),
                        i.gpu,
                        "" if i.protected is None else i.protected,
                        i.name or "",
                    ]
                    for i in sorted(data.instances, key=lambda i: (i.region, i.launch_time))
                ],
            )
        )
        blocks.append(context(f"All {len(data.instances)} instances are in `audit-instances.csv` below."))
    return _area(report, "inventory", "Inventory", blocks, files, offers, ids)


def cloudtrail_reply(report: AuditReport, offers: Sequence[Containment], ids: Mapping[str, str]) -> Reply:
    data = report.data
    events = data.events
    chains = len(data.trail)
    expected = len(data.expected_trail())
    blocks: list[Block] = [
        section(
            f"*🔎 CloudTrail* — {chains} of {expected} lookups read ({data.rules.lookback_days} days, "
            f"high-signal events only): {len(events)} events"
            + (
                f", {sum(1 for e in events if not e.ok)} of them failed calls"
                if any(not e.ok for e in events)
                else ""
            )
        )
    ]
    actors: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for e in events:
        actors[(short_principal(e.principal), e.access_key or "—")].append(e)
    rows = []
    for (principal, key), items in sorted(actors.items(), key=lambda kv: -len(kv[1])):
        names = Counter(e.name for e in items)
        rows.append(
            [
                principal,
                key,
                ", ".join(f"{n} {k}" for k, n in names.most_common(3)),
                ",".join(sorted({e.region for e in items})),
                items[0].time.strftime("%Y-%m-%d %H:%M"),
                items[-1].time.strftime("%Y-%m-%d %H:%M"),
            ]
        )
    files: list[CsvFile] = []
    if rows:
        table, csv = table_or_csv(
            "CloudTrail by principal and key",
            ["principal", "access key", "events", "regions", "first (UTC)", "last (UTC)"],
            rows,
            max_rows=ROWS,
            filename="audit-principals.csv",
        )
        blocks += table
        files += [csv] if csv else []
    if len(events) > ROWS:
        files.append(
            CsvFile(
                filename="audit-cloudtrail.csv",
                title="CloudTrail high-signal events",
                header=[
                    "time",
                    "region",
                    "event",
                    "principal",
                    "access_key",
                    "source_ip",
                    "error",
                    "event_id",
                ],
                rows=[
                    [
                        e.time.isoformat(),
                        e.region,
                        e.name,
                        e.principal,
                        e.access_key or "",
                        e.source_ip or "",
                        e.error_code or "",
                        e.event_id,
                    ]
                    for e in events
                ],
            )
        )
        blocks.append(context(f"All {len(events)} events are in `audit-cloudtrail.csv` below."))
    elif not events and data.trail_readable:
        blocks.append(context("No high-signal event in the window."))
    return _area(report, "cloudtrail", "CloudTrail", blocks, files, offers, ids)


def credentials_reply(report: AuditReport, offers: Sequence[Containment], ids: Mapping[str, str]) -> Reply:
    data = report.data
    report_ = data.credentials
    blocks: list[Block] = [section("*🔑 Credentials* — IAM credential report and policies")]
    if report_ is None:
        blocks.append(section("The credential report could not be read (see the parent message)."))
    else:
        root = report_.root
        users = report_.iam_users
        keys = [k for u in users for k in u.active_keys]
        root_line = (
            "root: "
            + ("MFA on" if root.mfa_active else "*no MFA*")
            + (
                f", *{len(root.active_keys)} active access key(s)*"
                if root.active_keys
                else ", no access keys"
            )
            if root
            else "root: not in the report"
        )
        console = [u for u in users if u.password_enabled]
        blocks.append(
            section(
                f"{root_line} · {len(users)} IAM users ({len(console)} with console passwords, "
                f"{sum(1 for u in console if not u.mfa_active)} of them without MFA) · "
                f"{len(keys)} active keys"
            )
        )
    return _area(report, "credentials", "Credentials", blocks, [], offers, ids)


def guardduty_reply(report: AuditReport, offers: Sequence[Containment], ids: Mapping[str, str]) -> Reply:
    data = report.data
    status = []
    for gd in sorted(data.guardduty, key=lambda g: g.region):
        mark = "✅" if gd.enabled else "❌"
        what = (
            f"{len(gd.findings)} finding(s)"
            if gd.enabled
            else ("no detector" if gd.detector_id is None else gd.status.lower())
        )
        status.append(f"{mark} {gd.region}: {what}")
    blocks: list[Block] = [section("*🛡️ GuardDuty*\n" + ("\n".join(status) or "No region could be read."))]
    findings = [f for gd in data.guardduty for f in gd.findings]
    files: list[CsvFile] = []
    if findings:
        table, csv = table_or_csv(
            "GuardDuty findings",
            ["severity", "type", "resource", "region", "count"],
            [[f"{f.severity:g}", f.type, f.resource or f.finding_id, f.region, f.count] for f in findings],
            max_rows=ROWS,
            filename="audit-guardduty.csv",
        )
        blocks += table
        files += [csv] if csv else []
    return _area(report, "guardduty", "GuardDuty", blocks, files, offers, ids)


def s3_reply(report: AuditReport, offers: Sequence[Containment], ids: Mapping[str, str]) -> Reply:
    data = report.data
    block = data.account_block
    account = "account-level Block Public Access: " + (
        "not readable"
        if block is None
        else "all four on"
        if block.all_on
        else "off for " + ", ".join(block.off)
    )
    blocks: list[Block] = [section(f"*🪣 S3* — {len(data.buckets)} buckets read · {account}")]
    return _area(report, "s3", "S3", blocks, [], offers, ids)


def cost_reply(report: AuditReport, offers: Sequence[Containment], ids: Mapping[str, str]) -> Reply:
    cost = report.data.cost
    if cost is None:
        blocks = [section("*💸 Cost* — Cost Explorer could not be read (see the parent message).")]
        return _area(report, "cost", "Cost", blocks, [], offers, ids)
    last30 = cost.series[-30:]
    amounts = [d.amount for d in last30]
    lines = [
        f"*💸 Cost signature* — {cost.signal.value}",
        f"`{sparkline(amounts)}` last {len(last30)} days ({money(min(amounts, default=0))}–"
        f"{money(max(amounts, default=0))}/day)",
        f"Run-rate before the last {report.data.rules.recent_days} days: "
        + (cost.run_rate.describe() if cost.run_rate else "not flat"),
        f"Month to date vs the same days last month: {money(cost.month_over_month.current)}, "
        f"{cost.month_over_month.describe()}",
    ]
    for spike in cost.recent_spikes()[-3:]:
        lines.append(f"Spike: {spike.describe()}")
    blocks: list[Block] = line_sections(lines)
    movers = [
        [kind, m.key, money(m.previous), money(m.current), f"{'+' if m.delta >= 0 else ''}{money(m.delta)}"]
        for kind in ("service", "region")
        for m in cost.movers(kind, 3)
    ]
    if movers:
        blocks.append(
            section(
                f"*Behind the change* (last {report.data.rules.recent_days} days vs the same length before):"
            )
        )
        blocks += code_table(["by", "what", "before", "recent", "change"], movers)
    blocks.append(
        context(f"Cost Explorer requests for this audit: {cost.requests} ($0.01 each; cached for the day).")
    )
    return _area(report, "cost", "Cost", blocks, [], offers, ids)


def guardrails_reply(report: AuditReport) -> Reply:
    policy, notes = scp(report)
    text = scp_json(policy)
    if not fits(policy):
        notes.append(f"Over AWS's {SCP_MAX_CHARS}-character limit: split it into two policies.")
    blocks: list[Block] = [
        section("*🧱 Guardrail* — a service control policy to attach in AWS Organizations (review first):"),
        section("```" + clip(text, 2990) + "```"),
        *line_sections([f"• {n}" for n in notes]),
        context("Also attached as `guardrail-scp.json`: `aws organizations create-policy --type "
                "SERVICE_CONTROL_POLICY --name chatops-guardrail --content file://guardrail-scp.json`"),
    ]  # fmt: skip
    steps = next_steps(report)
    if steps:
        blocks.append(divider())
        blocks += line_sections(["*🚑 Next steps*", *(f"{i}. {s}" for i, s in enumerate(steps, 1))])
    policy_file = BinaryFile("guardrail-scp.json", "Guardrail SCP", text.encode())
    return Message(
        text="Guardrails" + (" and next steps" if steps else ""), blocks=blocks, files=[policy_file]
    )


def sparkline(values: Sequence[Any]) -> str:
    bars = "▁▂▃▄▅▆▇█"
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return bars[0] * len(values)
    return "".join(bars[int((v - low) / (high - low) * (len(bars) - 1))] for v in values)


# --- shared: an area's findings and buttons ------------------------------------------------------------
def _area(
    report: AuditReport,
    area: str,
    title: str,
    blocks: list[Block],
    files: list[CsvFile],
    offers: Sequence[Containment],
    ids: Mapping[str, str],
) -> Reply:
    findings = [f for f in report.findings if CHECKS[f.check].area == area]
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_check[f.check].append(f)
    for check_id, items in by_check.items():
        meta = CHECKS[check_id]
        worst = max(f.severity for f in items)
        blocks.append(divider())
        blocks.append(section(f"{worst.emoji} *{meta.title}* ({len(items)}) — _{escape(meta.rationale)}_"))
        rows = [[f.resource_id, f.region, clip(f.title, 90)] for f in items]
        table, csv = table_or_csv(
            meta.title,
            ["resource", "region", "detail"],
            rows,
            max_rows=ROWS,
            filename=f"{check_id.replace('.', '-')}.csv",
        )
        blocks += table
        if csv:
            csv.header = ["resource", "region", "detail", "severity", "action"]
            csv.rows = [[f.resource_id, f.region, f.title, f.severity.label, f.action or ""] for f in items]
            files.append(csv)
        buttons = [c for c in offers if c.check == check_id]
        if buttons:
            blocks.append(
                actions(
                    *(
                        button(
                            c.label,
                            f"cleanup.request.{i}",
                            ids[c.key],
                            style="danger" if c.destructive else "primary",
                            confirm=confirm_dialog(
                                "File a containment request?", c.describe, ok="File request"
                            ),
                        )
                        for i, c in enumerate(buttons[:25])
                    )
                )
            )
    if not findings:
        blocks.append(context(f"No {title} finding."))
    return Message(text=f"{title}: {len(findings)} finding(s)", blocks=blocks, files=files)


def _sagemaker_cell(sm: Any) -> str:
    if sm is None:
        return "—"
    apps = [a for a in sm.apps if a.live]
    return f"{len(sm.user_profiles)}/{len(apps)}/{len(sm.notebooks)}/{len(sm.endpoints)}"
