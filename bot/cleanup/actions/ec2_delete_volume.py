"""Delete an unattached EBS volume, after a snapshot of it has completed: nothing is lost silently."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import WaiterError

from bot.aws.session import source_identity
from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, ec2_dry_run

# EBS snapshots of large volumes take a while (the first one of a volume copies every block): wait
# up to 20 minutes, recording progress every minute so recovery knows this executor is alive.
WAIT_DELAY = 15
WAIT_ATTEMPTS = 4
WAIT_ROUNDS = 20


@action(
    "ec2.delete_volume",
    permissions=["ec2:CreateSnapshot", "ec2:CreateTags", "ec2:DeleteVolume"],
    title="Snapshot, then delete EBS volume",
    gone_codes=["InvalidVolume.NotFound"],
    warning="A snapshot is taken and completed first; the volume itself is deleted.",
)
class DeleteVolume(Action):
    def recheck(self, ctx: Context) -> Observed:
        try:
            volumes = ctx.read("ec2").describe_volumes(VolumeIds=[ctx.resource_id])["Volumes"]
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        if not volumes or volumes[0].get("State") == "deleting":
            return Observed(gone=True)
        volume = volumes[0]
        return Observed(
            facts={
                "state": volume.get("State"),
                "size_gib": volume.get("Size"),
                "volume_type": volume.get("VolumeType"),
            }
        )

    def dry_run(self, ctx: Context) -> Outcome:
        ec2 = ctx.write("ec2")
        return ec2_dry_run(
            [
                (
                    "ec2:CreateSnapshot",
                    lambda: ec2.create_snapshot(VolumeId=ctx.resource_id, DryRun=True, **_tags(ctx)),
                ),
                ("ec2:DeleteVolume", lambda: ec2.delete_volume(VolumeId=ctx.resource_id, DryRun=True)),
            ]
        )

    def run(self, ctx: Context) -> Outcome:
        ec2 = ctx.write("ec2")
        snapshot = ec2.create_snapshot(
            VolumeId=ctx.resource_id,
            Description=f"chatops: before deleting {ctx.resource_id} (request {ctx.request_id})"[:255],
            **_tags(ctx),
        )["SnapshotId"]
        ctx.step(f"Snapshot `{snapshot}` of `{ctx.resource_id}` started")
        waiter = ctx.read("ec2").get_waiter("snapshot_completed")
        for _ in range(WAIT_ROUNDS):
            try:
                waiter.wait(
                    SnapshotIds=[snapshot], WaiterConfig={"Delay": WAIT_DELAY, "MaxAttempts": WAIT_ATTEMPTS}
                )
                break
            except WaiterError as exc:
                if "Max attempts exceeded" not in str(exc):
                    return Outcome(
                        Result.ERROR,
                        f"Snapshot `{snapshot}` did not complete ({_why(exc)}); the volume was NOT deleted.",
                    )
                ctx.step(f"Snapshot `{snapshot}` still in progress")
        else:
            return Outcome(
                Result.ERROR,
                f"Snapshot `{snapshot}` is still in progress after {_minutes()} minutes; the volume was "
                "NOT deleted. Request again once it completes.",
            )
        ctx.step(f"Snapshot `{snapshot}` completed")
        ec2.delete_volume(VolumeId=ctx.resource_id)
        return Outcome(
            Result.DONE,
            f"Deleted volume `{ctx.resource_id}` ({ctx.facts.get('size_gib')} GiB); its data is kept in "
            f"snapshot `{snapshot}`.",
        )


def _tags(ctx: Context) -> dict[str, Any]:
    return {
        "TagSpecifications": [
            {
                "ResourceType": "snapshot",
                "Tags": [
                    {"Key": "chatops:source-volume", "Value": ctx.resource_id},
                    {"Key": "chatops:request", "Value": ctx.request_id},
                    {"Key": "chatops:approved-by", "Value": source_identity(ctx.approver)},
                ],
            }
        ]
    }


def _why(exc: WaiterError) -> str:
    error = (exc.last_response or {}).get("Error", {})
    return str(error.get("Code") or "it went into the error state")


def _minutes() -> int:
    return WAIT_ROUNDS * WAIT_ATTEMPTS * WAIT_DELAY // 60
