"""The verdict: compromised, or just over-provisioned? A small classifier that explains itself.

The rules and every threshold are documented in `bot/audit/rules.py` (one place); this module only
applies them. Each check's findings become one evidence line (worded by the check, naming the
resources, principals, keys and events), weighted by the check's signal; the verdict follows from
how many distinct signals of each weight were seen, and from the blind spots that could hide a
miner (CloudTrail not read, no cost data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.audit.data import AuditData
from bot.audit.rules import RULES, AuditRules, Weight
from bot.checks.audit.registry import CHECKS
from bot.collect.cloudtrail import GLOBAL_EVENTS, IAM_REGION
from bot.model import Finding, Severity, Verdict
from bot.spend.signals import Signal

SLOW_MINER = (
    "A low-and-slow miner shows in CloudTrail (RunInstances by an unknown principal), not in the bill's "
    "shape: this verdict rests on CloudTrail's last 90 days."
)


@dataclass(frozen=True)
class Evidence:
    check: str
    signal: str
    weight: Weight
    severity: Severity
    count: int
    text: str  # one line, worded by the check


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    reason: str  # one sentence: why this outcome
    evidence: tuple[Evidence, ...]  # strongest first; hygiene findings are not evidence
    caveats: tuple[str, ...] = ()  # what the audit could not see, and what that means
    reassurance: tuple[str, ...] = ()  # what was looked at and found quiet

    def strongest(self, n: int = 5) -> list[Evidence]:
        return list(self.evidence[:n])


def evidence_of(findings: Sequence[Finding]) -> list[Evidence]:
    """One evidence line per check that found something, strongest first."""
    by_check: dict[str, list[Finding]] = {}
    for f in findings:
        by_check.setdefault(f.check, []).append(f)
    out = []
    for check_id, items in by_check.items():
        meta = CHECKS[check_id]
        out.append(
            Evidence(
                check=check_id,
                signal=meta.signal,
                weight=meta.weight,
                severity=max(f.severity for f in items),
                count=len(items),
                text=meta.summarize(items),
            )
        )
    out.sort(key=lambda e: (-e.weight, -e.severity, -e.count, e.check))
    return out


def assess(data: AuditData, findings: Sequence[Finding], rules: AuditRules = RULES) -> Assessment:
    lines = evidence_of(findings)
    evidence = tuple(e for e in lines if e.weight > Weight.HYGIENE)
    decisive = _signals(evidence, Weight.DECISIVE)
    strong = _signals(evidence, Weight.STRONG)
    supporting = _signals(evidence, Weight.SUPPORTING)
    caveats = blind_spots(data)
    quiet = reassurance(data, evidence)
    if decisive:
        return Assessment(
            Verdict.LIKELY_COMPROMISE,
            f"Decisive takeover sign: {_names(decisive)}"
            + (f", with {_names(strong)}" if strong else "")
            + ".",
            evidence,
            caveats,
        )
    if len(strong) >= rules.strong_for_compromise:
        return Assessment(
            Verdict.LIKELY_COMPROMISE,
            f"{len(strong)} takeover signs at once: {_names(strong)}. Legitimate teams rarely do two "
            "of these in the same days.",
            evidence,
            caveats,
        )
    if strong:
        return Assessment(
            Verdict.INCONCLUSIVE,
            f"One takeover sign ({_names(strong)}) without a second to confirm it: find out who did it.",
            evidence,
            caveats,
            quiet,
        )
    if len(supporting) >= rules.supporting_for_inconclusive:
        return Assessment(
            Verdict.INCONCLUSIVE,
            f"No takeover sign, but {len(supporting)} things worth a look together: {_names(supporting)}.",
            evidence,
            caveats,
            quiet,
        )
    if not data.trail_complete:
        missing = "could not be read" if not data.trail_readable else "was not fully read"
        return Assessment(
            Verdict.INCONCLUSIVE,
            f"No takeover sign where the audit could look, but CloudTrail {missing}: a low-and-slow miner "
            "inside a flat bill cannot be excluded without it.",
            evidence,
            caveats,
            quiet,
        )
    if data.cost is None or data.cost.signal is Signal.UNKNOWN:
        return Assessment(
            Verdict.INCONCLUSIVE,
            "CloudTrail shows no takeover sign, but without a cost history the spend cannot be called "
            "over-provisioning yet.",
            evidence,
            caveats,
            quiet,
        )
    shape = data.cost.run_rate.describe() if data.cost.run_rate else "without a recent vertical spike"
    return Assessment(
        Verdict.LIKELY_LEGITIMATE,
        f"No takeover sign in 90 days of CloudTrail, and the bill is {shape}: the shape of always-on, "
        "idle resources. `/aws-idle` lists them.",
        evidence,
        (*caveats, SLOW_MINER),
        quiet,
    )


def blind_spots(data: AuditData) -> tuple[str, ...]:
    """What the audit could not see, in words that say what it means for the verdict."""
    out = []
    unread = data.trail_unread
    truncated = [(lookup.region, lookup.event_name) for lookup in data.trail if lookup.truncated]
    if unread:
        if not data.trail_readable:
            out.append(
                "CloudTrail could not be read at all: launches, new keys and policy changes are unknown."
            )
        else:
            regions = sorted({r for r, n in unread if not (r == IAM_REGION and n in GLOBAL_EVENTS)})
            iam = any(r == IAM_REGION and n in GLOBAL_EVENTS for r, n in unread)
            parts = ([f"regions {', '.join(regions)}"] if regions else []) + (["IAM events"] if iam else [])
            out.append(f"CloudTrail not read for {' and '.join(parts)}: takeover events there are unknown.")
    if truncated:
        names = sorted({f"{n} in {r}" for r, n in truncated})
        out.append(
            f"CloudTrail cut at the page budget for {', '.join(names[:4])}: the oldest events were not read."
        )
    if data.cost is None:
        out.append("No cost data (Cost Explorer not readable): spike or run-rate unknown.")
    elif data.cost.signal is Signal.UNKNOWN:
        out.append("Too little cost history for a spike or run-rate reading.")
    blind = sorted({g.region for g in data.gaps if g.service == "guardduty"})
    if blind:
        out.append(f"GuardDuty not readable in {', '.join(blind)}.")
    return tuple(out)


def reassurance(data: AuditData, evidence: Sequence[Evidence]) -> tuple[str, ...]:
    """What was read and found quiet, so "legitimate" is more than the absence of alarms."""
    out = []
    seen = {e.signal for e in evidence}
    if data.trail_readable:
        events = data.events
        launches = sum(1 for e in events if e.name == "RunInstances" and e.ok)
        quiet = [
            label
            for signal, label in (
                ("launch_burst", "no launch burst"),
                ("fresh_key_used", "no new key used to launch"),
                ("risky_policy", "no SES or admin policy attached"),
                ("trail_tampering", "logging never stopped"),
            )
            if signal not in seen
        ]
        if quiet:
            out.append(
                f"CloudTrail, {data.rules.lookback_days} days: {launches} RunInstances; "
                + ", ".join(quiet)
                + "."
            )
    if data.cost is not None and data.cost.run_rate is not None and "cost_spike" not in seen:
        out.append(f"Cost: {data.cost.run_rate.describe()}, no recent spike.")
    enabled = [g for g in data.guardduty if g.enabled]
    if enabled and "crypto_finding" not in seen:
        out.append(
            f"GuardDuty on in {len(enabled)} of {len(data.guardduty)} regions read: no crypto-mining finding."
        )
    return tuple(out)


def _signals(evidence: Sequence[Evidence], weight: Weight) -> list[Evidence]:
    """One evidence line per distinct signal of this weight (two checks of one signal count once)."""
    seen: dict[str, Evidence] = {}
    for e in evidence:
        if e.weight == weight:
            seen.setdefault(e.signal, e)
    return list(seen.values())


def _names(items: Sequence[Evidence]) -> str:
    return ", ".join(_lower_first(CHECKS[e.check].title) for e in items)


def _lower_first(title: str) -> str:
    """ "Launch burst" → "launch burst", but "SES or admin…" and "GuardDuty…" keep their capitals."""
    return title if title[:2].isupper() or title.startswith("GuardDuty") else title[0].lower() + title[1:]
