"""/aws-pastdue: the three AWS sources read at once, and aging + rendering of a large invoice history."""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import boto3
from moto import mock_aws

from bench.common import LATENCY, Report, bench_account
from bot.accounts import parse_accounts
from bot.aws.fakes import FakeAws
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.billing.aging import age
from bot.billing.invoices import parse_summaries
from bot.billing.pastdue import summarize
from bot.demo.seeds import pastdue as scenario
from bot.render.blocks import violations
from bot.render.pastdue import render_pastdue
from bot.store import Store
from bot.store.types import utcnow

FX = {"IDR": Decimal(16300)}


def _slow(fake: FakeAws) -> None:
    """Every faked call takes LATENCY, like a real round trip."""
    for key, handler in list(fake._handlers.items()):

        def delayed(params: dict, region: str, handler=handler) -> dict:
            time.sleep(LATENCY)
            return handler(params, region)

        fake._handlers[key] = delayed


def run(report: Report) -> None:
    today = utcnow().date()
    invoices = scenario.mission_invoices(today)
    with mock_aws(), tempfile.TemporaryDirectory() as tmp:
        fake = FakeAws()
        scenario.install(
            fake, invoices=invoices, actions=scenario.mission_actions(), account_id="123456789012"
        )
        _slow(fake)
        access = AwsAccess(boto3.Session(region_name="us-east-1"), client_hooks=[fake.attach])
        session = access.for_account(parse_accounts([bench_account(["us-east-1"])])[0], "U0BENCH001")
        session.verify()
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        store.migrate()
        pages = -(-len(invoices) // 5)
        summarize(session, store, fx_rates=FX, fanout=FanOut(8))  # warm clients
        started = time.perf_counter()
        result = summarize(session, store, fx_rates=FX, fanout=FanOut(8))
        wall = time.perf_counter() - started
        assert result.aging is not None and not result.problems
        chain = pages * LATENCY  # the Invoicing pages are sequential: the floor
        store.dispose()
    report.add(
        f"/aws-pastdue: 3 sources ({pages} invoice pages + 2 calls) read at once",
        f"{wall:.2f}s (Invoicing chain {chain:.2f}s, all in sequence {(pages + 2) * LATENCY:.2f}s)",
        "≤ 1.5× the Invoicing chain",
        wall <= 1.5 * chain,
    )

    history = []  # 3 sellers × 4 invoices × 60 copies: 720 unpaid invoices across five years
    for n in range(60):
        for item in invoices:
            shifted = dict(item, InvoiceId=f"{item['InvoiceId']}-{n}")
            shifted["DueDate"] = item["DueDate"] - timedelta(days=30 * n)
            history.append(shifted)
    started = time.perf_counter()
    parsed, _ = parse_summaries(history)
    aging = age(parsed, {}, FX, today)
    result.aging, result.invoices_read = aging, len(parsed)
    parent, thread = render_pastdue(result, FX)
    elapsed = time.perf_counter() - started
    problems = violations(parent.blocks) + [p for m in thread for p in violations(m.blocks)]
    report.add(
        f"/aws-pastdue: age and render {len(history)} unpaid invoices",
        f"{elapsed * 1000:.0f} ms, {len(problems)} Block Kit violations, {len(thread[1].files)} CSV",
        "< 500 ms, 0 violations",
        elapsed < 0.5 and not problems,
    )
