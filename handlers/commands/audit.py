"""/aws-audit [account] [incident]: is this account compromised, or just over-provisioned?

Wiring only: run the audit through the read-only role (every region at once, progress in the
parent), store one offer per containment button, render, answer, and record the run's summary.
A verdict other than "likely legitimate", or the `incident` option, opens the account's incident
checklist in the thread (`bot/incident/`); any audit re-checks an open one.
"""

from __future__ import annotations

from bot.audit.containment import containments
from bot.audit.run import audit_account
from bot.cleanup.offers import offer
from bot.incident.live import after_audit
from bot.render.audit import render_audit
from handlers.commands.base import Command, CommandRun


def run(job: CommandRun) -> None:
    assert job.account is not None
    store = job.services.store
    report = audit_account(job.aws("audit"), job.services.fanout, store=store, progress=job.progress)
    groups = containments(report.findings)
    offers: dict[str, str] = {}
    for group in groups:
        offer_id = offer(
            store,
            group.findings,
            account=job.account.name,
            source="/aws-audit",
            created_by=job.user_id,
            label=group.label,
            channel=job.answer.channel,
            thread_ts=job.answer.ts,
        )
        if offer_id:
            offers[group.key] = offer_id
    parent, thread = render_audit(report, groups, offers)
    job.finish(parent, thread)
    job.record(parent.text, report.summary())
    after_audit(
        job.services,
        job.account,
        verdict=report.assessment.verdict.value,
        asked_incident="incident" in job.options,
        user=job.user_id,
        session=job.aws("audit"),
        channel=job.answer.channel,
        thread_ts=job.answer.ts,
    )


COMMAND = Command(
    name="/aws-audit",
    summary="Compromise audit: spike-or-run-rate verdict with its evidence.",
    run=run,
    usage="[account] [incident]",
    options=("incident",),
    working="Auditing every region: inventory, CloudTrail, credentials, GuardDuty, S3 and cost…",
)
