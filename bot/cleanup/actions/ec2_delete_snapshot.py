"""Delete an EBS snapshot: the approver types the account name first, since no copy remains."""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, ec2_dry_run


@action(
    "ec2.delete_snapshot",
    permissions=["ec2:DeleteSnapshot"],
    title="Delete EBS snapshot",
    confirm=True,
    gone_codes=["InvalidSnapshot.NotFound"],
    warning="The snapshot's data is gone for good (unless a recycle-bin rule keeps it).",
)
class DeleteSnapshot(Action):
    def recheck(self, ctx: Context) -> Observed:
        try:
            found = ctx.read("ec2").describe_snapshots(SnapshotIds=[ctx.resource_id])["Snapshots"]
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        if not found:
            return Observed(gone=True)
        snapshot = found[0]
        return Observed(
            facts={"volume_size_gib": snapshot.get("VolumeSize"), "start_time": snapshot.get("StartTime")}
        )

    def dry_run(self, ctx: Context) -> Outcome:
        ec2 = ctx.write("ec2")
        return ec2_dry_run(
            [("ec2:DeleteSnapshot", lambda: ec2.delete_snapshot(SnapshotId=ctx.resource_id, DryRun=True))]
        )

    def run(self, ctx: Context) -> Outcome:
        ctx.write("ec2").delete_snapshot(SnapshotId=ctx.resource_id)
        return Outcome(Result.DONE, f"Deleted snapshot `{ctx.resource_id}`.")
