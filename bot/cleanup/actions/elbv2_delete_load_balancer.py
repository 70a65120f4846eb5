"""Delete an idle ALB/NLB/GWLB (resource: its ARN). No DryRun in this API: permissions are simulated."""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, simulate


@action(
    "elbv2.delete_load_balancer",
    permissions=["elasticloadbalancing:DeleteLoadBalancer"],
    title="Delete load balancer",
    gone_codes=["LoadBalancerNotFound"],
    warning="Its listeners go with it; target groups and targets are kept.",
)
class DeleteLoadBalancerV2(Action):
    def recheck(self, ctx: Context) -> Observed:
        elb = ctx.read("elbv2")
        try:
            found = elb.describe_load_balancers(LoadBalancerArns=[ctx.resource_id])["LoadBalancers"]
            if not found:
                return Observed(gone=True)
            attributes = elb.describe_load_balancer_attributes(LoadBalancerArn=ctx.resource_id)["Attributes"]
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        lb = found[0]
        protection = any(
            a["Key"] == "deletion_protection.enabled" and a.get("Value") == "true" for a in attributes
        )
        return Observed(
            facts={
                "name": lb.get("LoadBalancerName"),
                "type": lb.get("Type"),
                "created_time": lb.get("CreatedTime"),
            },
            extra={"deletion_protection": protection},
        )

    def dry_run(self, ctx: Context) -> Outcome:
        if ctx.extra.get("deletion_protection"):
            return _protected(ctx)
        return simulate(ctx, self)

    def run(self, ctx: Context) -> Outcome:
        if ctx.extra.get("deletion_protection"):
            return _protected(ctx)
        ctx.write("elbv2").delete_load_balancer(LoadBalancerArn=ctx.resource_id)
        return Outcome(Result.DONE, f"Deleted load balancer `{ctx.facts.get('name')}` (`{ctx.resource_id}`).")

    def describe(self, ctx: Context) -> str:
        return f"delete load balancer `{ctx.facts.get('name')}` (`{ctx.resource_id}`)"

    def resource_arn(self, ctx: Context) -> str | None:
        return ctx.resource_id


def _protected(ctx: Context) -> Outcome:
    # Deletion protection is someone's deliberate choice: the bot never turns it off.
    return Outcome(
        Result.REFUSED,
        f"`{ctx.facts.get('name')}` has deletion protection on; nothing was done. Someone turned it on "
        "deliberately: turn it off in the console first if it must go.",
    )
