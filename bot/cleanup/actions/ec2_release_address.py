"""Release an unassociated Elastic IP (resource: allocation ID). Idle EIPs cost $0.005 an hour."""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, ec2_dry_run


@action(
    "ec2.release_address",
    permissions=["ec2:ReleaseAddress"],
    title="Release Elastic IP",
    gone_codes=["InvalidAllocationID.NotFound", "InvalidAddress.NotFound"],
    warning="The public IP goes back to AWS; it cannot be got back.",
)
class ReleaseAddress(Action):
    def recheck(self, ctx: Context) -> Observed:
        try:
            addresses = ctx.read("ec2").describe_addresses(AllocationIds=[ctx.resource_id])["Addresses"]
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        if not addresses:
            return Observed(gone=True)
        address = addresses[0]
        return Observed(
            facts={"public_ip": address.get("PublicIp"), "association_id": address.get("AssociationId")}
        )

    def dry_run(self, ctx: Context) -> Outcome:
        ec2 = ctx.write("ec2")
        return ec2_dry_run(
            [("ec2:ReleaseAddress", lambda: ec2.release_address(AllocationId=ctx.resource_id, DryRun=True))]
        )

    def run(self, ctx: Context) -> Outcome:
        ctx.write("ec2").release_address(AllocationId=ctx.resource_id)
        ip = ctx.facts.get("public_ip") or "its address"
        return Outcome(Result.DONE, f"Released Elastic IP {ip} (`{ctx.resource_id}`).")
