"""The compromise audit (`/aws-audit`): collect every region at once, check, and give a verdict.

`audit_account` is the whole audit as one call, for the command, the bench, and later the incident
flow: collectors (`bot/collect/`) → `AuditData` → checks (`bot/checks/audit/`) → verdict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.audit.collect import Progress, collect_audit
from bot.audit.data import AuditData, Gap
from bot.audit.rules import RULES, AuditRules
from bot.audit.verdict import Assessment, assess
from bot.aws.regions import FanOut
from bot.aws.session import AccountSession
from bot.checks.audit import run_checks
from bot.model import Finding, Severity
from bot.store import Store


@dataclass(frozen=True)
class AuditReport:
    data: AuditData
    findings: list[Finding]
    assessment: Assessment

    @property
    def gaps(self) -> list[Gap]:
        return self.data.gaps

    def by_severity(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {s.label: counts[s] for s in sorted(Severity, reverse=True) if counts[s]}

    def summary(self) -> dict[str, object]:
        """What `/aws-audit` records in the runs table (read by the digest and the Home tab)."""
        return {
            "verdict": self.assessment.verdict.value,
            "evidence": [e.text for e in self.assessment.strongest(5)],
            "by_severity": self.by_severity(),
            "regions": len(self.data.regions),
            # The incident checklist's "GuardDuty everywhere" (bot/incident/verify.py):
            "guardduty_off": sorted(g.region for g in self.data.guardduty if not g.enabled),
            "guardduty_unread": sorted(
                {g.region for g in self.data.gaps if g.service == "guardduty"}
                - {g.region for g in self.data.guardduty}
            ),
        }


def audit_account(
    session: AccountSession,
    fanout: FanOut,
    *,
    store: Store,
    now: datetime | None = None,
    rules: AuditRules = RULES,
    progress: Progress | None = None,
    sleep: Callable[[float], None] | None = None,
) -> AuditReport:
    kwargs = {"sleep": sleep} if sleep is not None else {}
    data = collect_audit(session, fanout, store=store, now=now, rules=rules, progress=progress, **kwargs)
    results = run_checks(data)
    data.gaps.extend(results.gaps)
    return AuditReport(data, results.findings, assess(data, results.findings, rules))


__all__ = ["AuditData", "AuditReport", "audit_account"]
