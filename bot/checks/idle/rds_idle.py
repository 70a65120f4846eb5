"""RDS instances nobody connected to over the metric window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Charge, Waste, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.cloudwatch import MetricQuery, metric
from bot.collect.rds import DbInstance
from bot.pricing.keys import HOURS_PER_MONTH, PriceKey, rds_variant

ID = "idle.rds_idle"


def _query(db: DbInstance, days: int) -> MetricQuery:
    return metric("AWS/RDS", "DatabaseConnections", "Maximum", days, DBInstanceIdentifier=db.id)


def _candidates(view: RegionView[Thresholds]) -> Iterator[DbInstance]:
    window = timedelta(days=view.thresholds.metric_window_days)
    for db in view.get("rds.instances"):
        if db.status == "available" and db.create_time and view.now - db.create_time >= window:
            yield db


def metrics(view: RegionView[Thresholds]) -> Iterator[MetricQuery]:
    return (_query(db, view.thresholds.metric_window_days) for db in _candidates(view))


@check(
    ID,
    title="RDS instances",
    collectors=["rds.instances"],
    threshold=f"available, and 0 DatabaseConnections (maximum) over {THRESHOLDS.metric_window_days} days",
    rationale="A database instance is billed every hour it runs. Estimate: 730 h × the region's "
    "on-demand price for its class, engine and deployment (storage not included). No cleanup button: "
    "take a final snapshot and stop or delete it yourself.",
    actions=[],
    metrics=metrics,
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    days = view.thresholds.metric_window_days
    for db in _candidates(view):
        values = view.values(_query(db, days))
        if not values or max(values) > 0:
            continue  # no datapoints: CloudWatch always reports a running database, so we cannot tell
        finding = make(
            ID,
            view.account,
            view.region,
            db.id,
            f"0 connections in {days} days",
            action=None,
            facts={"engine": db.engine, "class": db.klass, "multi_az": db.multi_az, "status": db.status},
            age_days=view.age_days(db.create_time),
            size=f"{db.klass} {db.engine}{' Multi-AZ' if db.multi_az else ''}, {db.storage_gib} GiB",
            resource_arn=db.arn or None,
        )
        variant = rds_variant(db.klass, db.engine, db.multi_az)
        charges = () if variant is None else (Charge(PriceKey("rds", view.region, variant), HOURS_PER_MONTH),)
        yield Waste(finding, charges)
