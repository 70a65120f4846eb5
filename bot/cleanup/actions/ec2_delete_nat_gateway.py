"""Delete an idle NAT gateway (resource: NAT gateway ID): ~$32 a month before any data processed."""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, ec2_dry_run


@action(
    "ec2.delete_nat_gateway",
    permissions=["ec2:DeleteNatGateway"],
    title="Delete NAT gateway",
    gone_codes=["NatGatewayNotFound", "InvalidNatGatewayID.NotFound"],
    warning="Private subnets routed through it lose their way out to the internet.",
)
class DeleteNatGateway(Action):
    def recheck(self, ctx: Context) -> Observed:
        try:
            found = ctx.read("ec2").describe_nat_gateways(NatGatewayIds=[ctx.resource_id])["NatGateways"]
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        if not found or found[0].get("State") in ("deleting", "deleted"):
            return Observed(gone=True)
        nat = found[0]
        ips = [a["PublicIp"] for a in nat.get("NatGatewayAddresses", []) if a.get("PublicIp")]
        return Observed(
            facts={"state": nat.get("State"), "vpc_id": nat.get("VpcId"), "subnet_id": nat.get("SubnetId")},
            extra={"public_ips": ips},
        )

    def dry_run(self, ctx: Context) -> Outcome:
        ec2 = ctx.write("ec2")
        return ec2_dry_run(
            [
                (
                    "ec2:DeleteNatGateway",
                    lambda: ec2.delete_nat_gateway(NatGatewayId=ctx.resource_id, DryRun=True),
                )
            ]
        )

    def run(self, ctx: Context) -> Outcome:
        ctx.write("ec2").delete_nat_gateway(NatGatewayId=ctx.resource_id)
        ips = ctx.extra.get("public_ips") or []
        kept = f" Its Elastic IP {', '.join(ips)} stays allocated (and billed) until released." if ips else ""
        return Outcome(Result.DONE, f"Deleting NAT gateway `{ctx.resource_id}`.{kept}")
