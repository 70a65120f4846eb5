"""Set a log group's retention (resource: its name) so storage stops growing forever.

CloudWatch Logs then deletes events older than the retention: the request card says so.
"""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, simulate

ALLOWED_DAYS = frozenset(
    {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
)


@action(
    "logs.set_retention",
    permissions=["logs:PutRetentionPolicy"],
    title="Set log retention",
    targets=["target_retention_days"],
    gone_codes=["ResourceNotFoundException"],
    warning="CloudWatch Logs deletes events older than the new retention.",
)
class SetRetention(Action):
    def recheck(self, ctx: Context) -> Observed:
        logs = ctx.read("logs")
        try:
            for page in logs.get_paginator("describe_log_groups").paginate(
                logGroupNamePrefix=ctx.resource_id
            ):
                for group in page.get("logGroups", []):
                    if group.get("logGroupName") == ctx.resource_id:
                        days = group.get("retentionInDays")
                        if days is not None and days == _target(ctx):
                            return Observed(already=f"retention is already {days} days")
                        return Observed(facts={"retention_days": days})
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        return Observed(gone=True)

    def dry_run(self, ctx: Context) -> Outcome:
        if _target(ctx) not in ALLOWED_DAYS:
            return _bad_target(ctx)
        return simulate(ctx, self)

    def run(self, ctx: Context) -> Outcome:
        days = _target(ctx)
        if days not in ALLOWED_DAYS:
            return _bad_target(ctx)
        ctx.write("logs").put_retention_policy(logGroupName=ctx.resource_id, retentionInDays=days)
        return Outcome(Result.DONE, f"Set retention of `{ctx.resource_id}` to {days} days.")

    def describe(self, ctx: Context) -> str:
        return f"set retention of `{ctx.resource_id}` to {_target(ctx)} days"

    def resource_arn(self, ctx: Context) -> str | None:
        return f"arn:aws:logs:{ctx.region}:{ctx.account.account_id}:log-group:{ctx.resource_id}"


def _target(ctx: Context) -> int | None:
    try:
        return int(ctx.facts.get("target_retention_days"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _bad_target(ctx: Context) -> Outcome:
    return Outcome(
        Result.REFUSED,
        f"{ctx.facts.get('target_retention_days')!r} days is not a retention CloudWatch Logs accepts.",
    )
