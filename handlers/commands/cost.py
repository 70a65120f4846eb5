"""/aws-cost [account]: the bill broken down, forecast, compared, read for spikes, and advice on it."""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

from bot.aws.errors import classify
from bot.render.cost import CostAdvice, chart_title, render_cost, render_unavailable
from bot.render.cost_chart import daily_cost_chart
from bot.spend.commitments import commitment_gate, savings_plan_advice
from bot.spend.explorer import CostExplorer
from bot.spend.report import build_report
from bot.spend.rightsizing import right_sizing
from bot.store.types import utcnow
from handlers.commands.base import Command, CommandRun


def run(job: CommandRun) -> None:
    assert job.account is not None  # takes_account: the dispatcher resolved it
    session = job.aws()
    services = job.services
    explorer = CostExplorer(session, services.store)
    job.answer.progress("reading Cost Explorer…")
    try:
        report = build_report(explorer)
    except (ClientError, BotoCoreError) as exc:
        job.finish(render_unavailable(job.account.name, classify(exc)))
        return

    job.answer.progress("reading Savings Plans and Compute Optimizer advice…")
    now = utcnow()
    latest_spike = report.spikes[-1].day.day if report.spikes else None
    advice = CostAdvice(
        gate=commitment_gate(services.store, job.account.name, now=now, latest_spike=latest_spike), now=now
    )
    if advice.gate.open:  # only then: the recommendation is a billed Cost Explorer request too
        try:
            advice.savings_plan = savings_plan_advice(explorer.savings_plans_recommendation())
        except (ClientError, BotoCoreError) as exc:
            advice.savings_plan_problem = classify(exc)
        report.requests = explorer.requests
    advice.rightsizing = right_sizing(session, fanout=services.fanout)

    chart = None
    if report.has_spend:
        chart = daily_cost_chart(
            report.series,
            report.spikes,
            title=chart_title(job.account.name, len(report.series)),
            run_rate=report.run_rate,
            rules=report.rules,
        )
    parent, thread = render_cost(report, advice, chart)
    job.finish(parent, thread)
    job.record(parent.text, report.summary())


COMMAND = Command(
    name="/aws-cost",
    summary="Month-to-date spend by service, region, usage type and account; forecast; change vs last month.",
    run=run,
    working="reading the bill…",
)
