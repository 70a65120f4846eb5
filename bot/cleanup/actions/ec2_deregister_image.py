"""Deregister an AMI (typed confirmation). Its snapshots are kept and named, to delete separately."""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, ec2_dry_run


@action(
    "ec2.deregister_image",
    permissions=["ec2:DeregisterImage"],
    title="Deregister AMI",
    confirm=True,
    gone_codes=["InvalidAMIID.NotFound", "InvalidAMIID.Unavailable"],
    warning="Nothing can be launched from this image afterwards; its snapshots are kept.",
)
class DeregisterImage(Action):
    def recheck(self, ctx: Context) -> Observed:
        try:
            images = ctx.read("ec2").describe_images(ImageIds=[ctx.resource_id])["Images"]
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        if not images or images[0].get("State") == "deregistered":
            return Observed(gone=True)
        image = images[0]
        snapshots = sorted(
            m["Ebs"]["SnapshotId"]
            for m in image.get("BlockDeviceMappings", [])
            if m.get("Ebs", {}).get("SnapshotId")
        )
        return Observed(facts={"creation_date": image.get("CreationDate"), "snapshot_ids": snapshots})

    def dry_run(self, ctx: Context) -> Outcome:
        ec2 = ctx.write("ec2")
        return ec2_dry_run(
            [("ec2:DeregisterImage", lambda: ec2.deregister_image(ImageId=ctx.resource_id, DryRun=True))]
        )

    def run(self, ctx: Context) -> Outcome:
        ctx.write("ec2").deregister_image(ImageId=ctx.resource_id)
        snapshots = ctx.facts.get("snapshot_ids") or []
        kept = (
            f" Its snapshots {', '.join(f'`{s}`' for s in snapshots)} are kept (and billed): "
            "delete them separately."
            if snapshots
            else ""
        )
        return Outcome(Result.DONE, f"Deregistered AMI `{ctx.resource_id}`.{kept}")
