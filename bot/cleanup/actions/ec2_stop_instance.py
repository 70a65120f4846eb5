"""Stop an idle instance: compute billing stops, EBS volumes (and their cost) stay."""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, ec2_dry_run


@action(
    "ec2.stop_instance",
    permissions=["ec2:StopInstances"],
    title="Stop EC2 instance",
    gone_codes=["InvalidInstanceID.NotFound"],
    warning="Instance-store data is lost on stop; EBS volumes are kept.",
)
class StopInstance(Action):
    def recheck(self, ctx: Context) -> Observed:
        try:
            reservations = ctx.read("ec2").describe_instances(InstanceIds=[ctx.resource_id])["Reservations"]
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        instances = [i for r in reservations for i in r.get("Instances", [])]
        if not instances or instances[0]["State"]["Name"] in ("shutting-down", "terminated"):
            return Observed(gone=True)
        instance = instances[0]
        state = instance["State"]["Name"]
        if state in ("stopping", "stopped"):
            return Observed(already=f"the instance is already {state}")
        return Observed(
            facts={
                "state": state,
                "launch_time": instance.get("LaunchTime"),
                "instance_type": instance.get("InstanceType"),
            }
        )

    def dry_run(self, ctx: Context) -> Outcome:
        ec2 = ctx.write("ec2")
        return ec2_dry_run(
            [("ec2:StopInstances", lambda: ec2.stop_instances(InstanceIds=[ctx.resource_id], DryRun=True))]
        )

    def run(self, ctx: Context) -> Outcome:
        ctx.write("ec2").stop_instances(InstanceIds=[ctx.resource_id])
        return Outcome(Result.DONE, f"Stopping instance `{ctx.resource_id}`; its EBS volumes are kept.")
