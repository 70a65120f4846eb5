"""The audit checks' registry: one decorator, the metadata beside each check, and the runner.

Adding a check is one module in `bot/checks/audit/` with a function decorated by `@check(...)` and
one import line in `bot/checks/audit/__init__.py`. A check is pure: it reads `AuditData` and returns
findings; it never calls AWS and knows nothing of Slack. Its `signal` says what the verdict should
make of its findings (weights in `bot/audit/rules.py`); its `area` says which thread reply shows it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.audit.data import AuditData, Gap
from bot.audit.rules import WEIGHTS, Weight
from bot.aws.errors import AwsProblem, ProblemKind
from bot.cleanup.catalog import ACTIONS
from bot.model import GLOBAL, Finding, Severity

log = logging.getLogger(__name__)

AREAS = ("inventory", "cloudtrail", "credentials", "guardduty", "s3", "cost")
CheckFn = Callable[[AuditData], list[Finding]]
Summary = Callable[[Sequence[Finding]], str]


@dataclass(frozen=True)
class AuditCheck:
    id: str
    severity: Severity  # the usual severity; a finding may carry its own
    title: str
    rationale: str  # why it matters, shown in docs and the thread
    area: str
    signal: str  # key of bot.audit.rules.WEIGHTS
    needs: tuple[str, ...]  # collectors it reads (SERVICE_LABELS keys)
    action: str | None  # containment from bot.cleanup.catalog that fits its findings
    run: CheckFn
    summarize: Summary

    @property
    def weight(self) -> Weight:
        return WEIGHTS[self.signal]


CHECKS: dict[str, AuditCheck] = {}


def check(
    id: str,
    *,
    severity: Severity,
    title: str,
    rationale: str,
    area: str,
    signal: str,
    needs: Sequence[str],
    action: str | None = None,
    summary: Summary | None = None,
) -> Callable[[CheckFn], CheckFn]:
    """Register a check; metadata mistakes fail at import, not in a customer's channel."""
    if area not in AREAS:
        raise ValueError(f"{id}: area {area!r} is not one of {AREAS}")
    if signal not in WEIGHTS:
        raise ValueError(f"{id}: signal {signal!r} has no weight in bot/audit/rules.py")
    if action is not None and action not in ACTIONS:
        raise ValueError(f"{id}: action {action!r} is not in bot/cleanup/catalog.py")

    def register(fn: CheckFn) -> CheckFn:
        if id in CHECKS:
            raise ValueError(f"audit check {id} registered twice")
        CHECKS[id] = AuditCheck(
            id=id,
            severity=severity,
            title=title,
            rationale=rationale,
            area=area,
            signal=signal,
            needs=tuple(needs),
            action=action,
            run=fn,
            summarize=summary or _default_summary(title),
        )
        return fn

    return register


def _default_summary(title: str) -> Summary:
    def summarize(findings: Sequence[Finding]) -> str:
        names = ", ".join(f"`{f.resource_id}`" for f in findings[:5])
        more = f" and {len(findings) - 5} more" if len(findings) > 5 else ""
        return f"{title}: {names}{more}"

    return summarize


@dataclass(frozen=True)
class CheckResults:
    findings: list[Finding]
    gaps: list[Gap]  # checks that crashed: reported like an unreadable service

    def by_check(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        for finding in self.findings:
            out.setdefault(finding.check, []).append(finding)
        return out


def run_checks(data: AuditData, checks: Sequence[AuditCheck] | None = None) -> CheckResults:
    """Every check over the data; one check failing is a gap in the answer, never the whole audit."""
    findings: list[Finding] = []
    gaps: list[Gap] = []
    for meta in checks if checks is not None else CHECKS.values():
        try:
            findings.extend(meta.run(data))
        except Exception as exc:  # a bug in one check must not hide the others' evidence
            log.exception("audit check %s failed", meta.id)
            gaps.append(
                Gap("checks", GLOBAL, AwsProblem(ProblemKind.ERROR, type(exc).__name__, str(exc)), meta.id)
            )
    findings.sort(key=lambda f: (-f.severity, f.check, f.region, f.resource_id))
    return CheckResults(findings, gaps)
