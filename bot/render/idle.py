"""`/aws-idle` as Slack messages: a parent a person can act on, one thread reply per check.

Pure: a report (and the offer IDs the handler stored) in, Messages out. The parent carries the
monthly total (and its share of last month's bill when known), the top items, counts by check and
the regions that could not be read. Each check's reply lists its items most expensive first: the
top ones one per line with their own button, the next in a table, and when there are more than
fit, every item in a CSV. A per-check button covers all of its items. Every figure says whether
it is a list price or an estimate (≈).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.checks.idle.scan import Gap, IdleReport
from bot.checks.registry import Check
from bot.model import Finding, money
from bot.render.blocks import (
    Block,
    actions,
    button,
    clip,
    code_table,
    context,
    divider,
    escape,
    fields,
    header,
    section,
)
from bot.render.message import CsvFile, Message

BUTTONS_PER_CHECK = 10  # items shown one per line, each with its own button
TABLE_ROWS = 40  # then this many more in a table; past that, everything also goes to a CSV
TOP_ITEMS = 5
GAPS_IN_PARENT = 5
ACTION_PREFIX = "cleanup.request"
BUTTON_TEXT = {  # non-destructive actions say what they do; the rest are cleanups
    "ec2.modify_volume_gp3": "Request gp3 change",
    "ec2.stop_instance": "Request stop",
    "logs.set_retention": "Request retention",
}
CSV_HEADER = [
    "resource_id",
    "name",
    "region",
    "age_days",
    "size",
    "usd_per_month",
    "estimated",
    "why",
    "action",
    "price_basis",
]


@dataclass(frozen=True)
class OfferSpec:
    """A button to be: `key` ("item:<finding key>" or "check:<check ID>"), what it covers, its label."""

    key: str
    findings: tuple[Finding, ...]
    label: str


def offer_plan(report: IdleReport) -> list[OfferSpec]:
    """The offers the answer's buttons need, so the handler can store them before rendering."""
    specs: list[OfferSpec] = []
    titles = {c.id: c.title for c in report.checks}
    for check_id, items in report.by_check().items():
        for finding in items[:BUTTONS_PER_CHECK]:
            if finding.action:
                specs.append(
                    OfferSpec(item_key(finding), (finding,), f"{titles[check_id]}: {finding.resource_id}")
                )
        actionable = tuple(f for f in items if f.action)
        if len(actionable) > 1:
            specs.append(
                OfferSpec(check_key(check_id), actionable, f"{titles[check_id]}: all {len(actionable)}")
            )
    return specs


def item_key(finding: Finding) -> str:
    return f"item:{finding.key}"


def check_key(check_id: str) -> str:
    return f"check:{check_id}"


def render_idle(
    report: IdleReport, *, offers: Mapping[str, str] | None = None, last_month: Decimal | None = None
) -> tuple[Message, list[Message]]:
    offers = offers or {}
    thread = [_check_reply(check, items, report, offers) for check, items in _checks_by_cost(report) if items]
    if report.gaps:
        thread.append(_gaps_reply(report.gaps))
    return _parent(report, last_month), thread


# --- the parent ------------------------------------------------------------------------------------
def _parent(report: IdleReport, last_month: Decimal | None) -> Message:
    where = f"*{escape(report.account)}* ({report.account_id}), {len(report.regions)} region(s)"
    if not report.findings:
        text = f"Nothing idle found in {report.account}"
        blocks = [header(f"✅ {text}"), section(f"No idle or over-provisioned resources in {where}.")]
        blocks += _gap_context(report)
        return Message(text=text, blocks=blocks)
    approx = "≈ " if report.estimated else ""
    total = f"{approx}{money(report.total)}"
    share = ""
    if last_month and last_month > 0:
        share = f" — *{report.total / last_month:.0%}* of last month's bill ({money(last_month)})"
    text = f"Idle in {report.account}: {total}/month in {len(report.findings)} items"
    blocks: list[Block] = [
        header(f"💸 Idle in {report.account}: {total}/month"),
        section(
            f"*{total} a month* in {len(report.findings)} idle or over-provisioned items in {where}{share}."
        ),
        section("*Top items*\n" + "\n".join(_top_line(f, report) for f in report.findings[:TOP_ITEMS])),
    ]
    counts = [
        (check.title, f"{len(items)} · {_cost(sum_of(items), any_estimated(items))}")
        for check, items in _checks_by_cost(report)
        if items
    ]
    for start in range(0, len(counts), 10):
        blocks.append(fields(counts[start : start + 10]))
    quiet = [check.title for check, items in _checks_by_cost(report) if not items]
    blocks += _gap_context(report)
    notes = [report.prices]
    if report.estimated:
        notes.append("≈ marks an estimate.")
    if quiet:
        notes.append(f"Nothing found: {', '.join(quiet)}.")
    notes.append("Each check's items, CSVs and cleanup buttons are in the thread.")
    blocks.append(context(" ".join(notes)))
    return Message(text=text, blocks=blocks)


def _top_line(finding: Finding, report: IdleReport) -> str:
    title = next((c.title for c in report.checks if c.id == finding.check), finding.check)
    return (
        f"• *{_cost(finding.monthly_cost, finding.estimated)}*/mo — `{escape(_display_id(finding))}` "
        f"({finding.region}) {escape(title)}: {escape(finding.title)}"
    )


def _gap_context(report: IdleReport) -> list[Block]:
    regions = report.unread_regions()
    if not regions:
        return []
    lines = []
    for region, gaps in list(regions.items())[:GAPS_IN_PARENT]:
        lines.append(f"{region}: " + "; ".join(_gap_text(g) for g in _collapse(gaps)))
    more = len(regions) - GAPS_IN_PARENT
    tail = f" …and {more} more (see the thread)." if more > 0 else ""
    return [context(clip("⚠️ *Could not read* — " + " · ".join(lines) + tail, 2900))]


def _collapse(gaps: Sequence[Gap]) -> list[Gap]:
    """One gap per problem code in a region: a disabled region fails every service the same way."""
    seen: dict[str, Gap] = {}
    for gap in gaps:
        seen.setdefault(gap.problem.code, gap)
    return list(seen.values()) if len(seen) < len(gaps) else list(gaps)


def _gap_text(gap: Gap) -> str:
    return f"{gap.source.split('.', 1)[0]} {gap.problem.kind.value} ({gap.problem.code})"


# --- the thread --------------------------------------------------------------------------------------
def _check_reply(
    check: Check, items: list[Finding], report: IdleReport, offers: Mapping[str, str]
) -> Message:
    total = _cost(sum_of(items), any_estimated(items))
    blocks: list[Block] = [
        section(f"*{escape(check.title)}* — {len(items)} · *{total}*/month\n_Idle when: {check.threshold}_"),
    ]
    notes = [check.rationale] + ([report.notes[check.id]] if check.id in report.notes else [])
    blocks.append(context(*notes))
    index = 0
    for finding in items[:BUTTONS_PER_CHECK]:
        offer_id = offers.get(item_key(finding)) if finding.action else None
        accessory = None
        if offer_id:
            index += 1
            accessory = button(_button_text(finding.action), f"{ACTION_PREFIX}.{index}", offer_id)
        blocks.append(section(_item_text(finding), accessory=accessory))
    rest = items[BUTTONS_PER_CHECK:]
    files: list[CsvFile] = []
    if rest:
        shown = rest[:TABLE_ROWS]
        blocks += code_table(
            ["resource", "region", "age", "size", "$/month", "why"], [_row(f) for f in shown]
        )
        if len(rest) > TABLE_ROWS:
            filename = f"idle-{check.id.split('.', 1)[1].replace('_', '-')}.csv"
            blocks.append(
                context(f"Showing {BUTTONS_PER_CHECK + TABLE_ROWS} of {len(items)}; all are in `{filename}`.")
            )
            files.append(
                CsvFile(filename, f"{check.title}: all {len(items)}", CSV_HEADER, [_csv(f) for f in items])
            )
    group_offer = offers.get(check_key(check.id))
    if group_offer:
        actionable = [f for f in items if f.action]
        verb = _button_text(check.actions[0] if check.actions else None)
        label = (
            f"{verb} of all {len(actionable)}"
            if verb == "Request cleanup"
            else f"{verb}: all {len(actionable)}"
        )
        blocks.append(divider())
        blocks.append(actions(button(label, f"{ACTION_PREFIX}.all", group_offer, style="primary")))
    text = f"{check.title}: {len(items)} items, {total}/month"
    return Message(text=text, blocks=blocks, files=files)


def _item_text(finding: Finding) -> str:
    evidence = finding.evidence
    name = evidence.get("name")
    ident = f"`{escape(finding.resource_id)}`"
    if name and name != finding.resource_id:
        ident = f"*{escape(name)}* {ident}"
    parts = [finding.region, _age(evidence.get("age_days")), escape(evidence.get("size") or "")]
    head = " · ".join(p for p in [ident, *parts] if p)
    cost = _cost(finding.monthly_cost, finding.estimated)
    basis = evidence.get("price_basis")
    tail = f" _({escape(basis)})_" if basis else ""
    return f"{head} · *{cost}*/mo\n{escape(finding.title)}{tail}"


def _row(finding: Finding) -> list[str]:
    evidence = finding.evidence
    return [
        _display_id(finding),
        finding.region,
        _age(evidence.get("age_days")),
        str(evidence.get("size") or ""),
        _cost(finding.monthly_cost, finding.estimated),
        clip(finding.title, 60),
    ]


def _csv(finding: Finding) -> list[object]:
    evidence = finding.evidence
    return [
        finding.resource_id,
        evidence.get("name", ""),
        finding.region,
        evidence.get("age_days"),
        evidence.get("size", ""),
        "" if finding.monthly_cost is None else str(finding.monthly_cost),
        "yes" if finding.estimated else "no",
        finding.title,
        finding.action or "",
        evidence.get("price_basis", ""),
    ]


def _gaps_reply(gaps: Sequence[Gap]) -> Message:
    rows = [
        [
            gap.region,
            gap.source,
            f"{gap.problem.kind.value} ({gap.problem.code})",
            ", ".join(gap.checks) or "—",
        ]
        for gap in gaps
    ]
    blocks = [section("*Could not read* — these checks did not run there; nothing was assumed.")]
    blocks += code_table(["region", "what", "problem", "checks skipped"], rows[:60])
    hints = sorted({_hint(gap) for gap in gaps})
    blocks.append(context(*hints[:10]))
    return Message(text=f"Could not read {len(gaps)} region/service pair(s)", blocks=blocks)


def _hint(gap: Gap) -> str:
    return re.sub(r"^[^—]*— ", "", gap.problem.describe())


# --- helpers -----------------------------------------------------------------------------------------
def _checks_by_cost(report: IdleReport) -> list[tuple[Check, list[Finding]]]:
    grouped = report.by_check()
    pairs = [(check, grouped.get(check.id, [])) for check in report.checks]
    return sorted(pairs, key=lambda p: (-sum_of(p[1]), -len(p[1]), p[0].title))


def sum_of(findings: Sequence[Finding]) -> Decimal:
    return sum((f.monthly_cost or Decimal(0) for f in findings), Decimal(0))


def any_estimated(findings: Sequence[Finding]) -> bool:
    return any(f.estimated for f in findings if f.monthly_cost is not None)


def _cost(value: Decimal | None, estimated: bool) -> str:
    if value is None:
        return "price unknown"
    return f"≈ {money(value)}" if estimated else money(value)


def _age(days: object) -> str:
    return "" if days is None else f"{days} d"


def _display_id(finding: Finding) -> str:
    """Load balancer ARNs are long: tables show the name (the ARN is in the item line and the CSV)."""
    if finding.resource_id.startswith("arn:") and finding.evidence.get("name"):
        return str(finding.evidence["name"])
    return finding.resource_id


def _button_text(action: str | None) -> str:
    return BUTTON_TEXT.get(action or "", "Request cleanup")
