"""Delete an idle Classic Load Balancer (resource: its name). Permissions are simulated in dry-run."""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, simulate


@action(
    "elb.delete_load_balancer",
    permissions=["elasticloadbalancing:DeleteLoadBalancer"],
    title="Delete Classic Load Balancer",
    gone_codes=["LoadBalancerNotFound", "AccessPointNotFound"],
    warning="Registered instances are kept; the DNS name stops resolving.",
)
class DeleteClassicLoadBalancer(Action):
    def recheck(self, ctx: Context) -> Observed:
        try:
            found = ctx.read("elb").describe_load_balancers(LoadBalancerNames=[ctx.resource_id])
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        descriptions = found.get("LoadBalancerDescriptions", [])
        if not descriptions:
            return Observed(gone=True)
        return Observed(facts={"created_time": descriptions[0].get("CreatedTime")})

    def dry_run(self, ctx: Context) -> Outcome:
        return simulate(ctx, self)

    def run(self, ctx: Context) -> Outcome:
        ctx.write("elb").delete_load_balancer(LoadBalancerName=ctx.resource_id)
        return Outcome(Result.DONE, f"Deleted Classic Load Balancer `{ctx.resource_id}`.")

    def describe(self, ctx: Context) -> str:
        return f"delete Classic Load Balancer `{ctx.resource_id}`"

    def resource_arn(self, ctx: Context) -> str | None:
        where = f"{ctx.region}:{ctx.account.account_id}"
        return f"arn:aws:elasticloadbalancing:{where}:loadbalancer/{ctx.resource_id}"
