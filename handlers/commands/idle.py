"""/aws-idle: idle and over-provisioned resources with their monthly waste, and cleanup buttons.

Wiring only: scan (bot/checks/idle/scan.py), store one offer per button (bot/cleanup/offers.py),
render (bot/render/idle.py), answer, and keep the run's summary for the digest and the Home tab.
"""

from __future__ import annotations

from decimal import Decimal

from botocore.exceptions import BotoCoreError, ClientError

from bot.aws.errors import classify
from bot.checks.idle.scan import IdleReport, scan
from bot.cleanup.offers import offer
from bot.errors import UserError
from bot.pricing.book import PriceBook
from bot.pricing.price_list import PriceList
from bot.render.idle import offer_plan, render_idle
from bot.spend.explorer import CostExplorer
from handlers.commands.base import Command, CommandRun

SOURCE = "/aws-idle"


def run(job: CommandRun) -> None:
    session = job.aws()
    store = job.services.store
    try:
        regions = session.regions()
    except (ClientError, BotoCoreError) as exc:
        raise UserError(
            f"I could not list the regions of `{session.account.name}`: {classify(exc).describe()}. "
            "Name them under `regions:` in the accounts file, or grant ec2:DescribeRegions."
        ) from None
    book = PriceBook(PriceList(lambda: session.client("pricing"), store))
    explorer = CostExplorer(session, store)
    report = scan(
        session,
        job.services.fanout,
        price_book=book,
        regions=regions,
        progress=job.progress,
        extras={"last_month": explorer.last_month},
    )
    offers = {}
    for spec in offer_plan(report):
        offer_id = offer(
            store,
            spec.findings,
            account=session.account.name,
            source=SOURCE,
            created_by=job.user_id,
            label=spec.label,
            channel=job.answer.channel,
            thread_ts=job.answer.ts,
        )
        if offer_id:
            offers[spec.key] = offer_id
    parent, thread = render_idle(report, offers=offers, last_month=_last_month(report))
    job.finish(parent, thread)
    job.record(parent.text, report.summary())


def _last_month(report: IdleReport) -> Decimal | None:
    """Last month's bill for the share, when Cost Explorer answered (the share is left out otherwise)."""
    result = report.extras.get("last_month")
    if result is None or not result.ok or not result.value:
        return None
    return Decimal(result.value)


COMMAND = Command(
    name="/aws-idle",
    summary="Idle and over-provisioned resources with their monthly waste, and cleanup buttons.",
    run=run,
    working="Scanning every region for idle resources…",
)
