"""Terminate an instance (containment): clear termination protection, then terminate.

Typed confirmation first. Volumes marked DeleteOnTermination go with it; the outcome names which
were deleted and which remain, so nobody has to guess afterwards.
"""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, ec2_dry_run


@action(
    "ec2.terminate_instance",
    permissions=["ec2:ModifyInstanceAttribute", "ec2:TerminateInstances"],
    title="Terminate EC2 instance",
    confirm=True,
    gone_codes=["InvalidInstanceID.NotFound"],
    warning="Termination protection is cleared; volumes marked DeleteOnTermination are deleted with it.",
)
class TerminateInstance(Action):
    def recheck(self, ctx: Context) -> Observed:
        ec2 = ctx.read("ec2")
        try:
            reservations = ec2.describe_instances(InstanceIds=[ctx.resource_id])["Reservations"]
            instances = [i for r in reservations for i in r.get("Instances", [])]
            if not instances or instances[0]["State"]["Name"] in ("shutting-down", "terminated"):
                return Observed(gone=True)
            protected = ec2.describe_instance_attribute(
                InstanceId=ctx.resource_id, Attribute="disableApiTermination"
            )["DisableApiTermination"].get("Value", False)
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        instance = instances[0]
        mappings = [m for m in instance.get("BlockDeviceMappings", []) if "Ebs" in m]
        return Observed(
            facts={"launch_time": instance.get("LaunchTime"), "instance_type": instance.get("InstanceType")},
            extra={
                "protected": bool(protected),
                "deleted_with_it": [
                    m["Ebs"]["VolumeId"] for m in mappings if m["Ebs"].get("DeleteOnTermination")
                ],
                "kept": [m["Ebs"]["VolumeId"] for m in mappings if not m["Ebs"].get("DeleteOnTermination")],
            },
        )

    def dry_run(self, ctx: Context) -> Outcome:
        ec2 = ctx.write("ec2")
        calls = []
        if ctx.extra.get("protected"):
            calls.append(
                (
                    "ec2:ModifyInstanceAttribute",
                    lambda: ec2.modify_instance_attribute(
                        InstanceId=ctx.resource_id, DisableApiTermination={"Value": False}, DryRun=True
                    ),
                )
            )
        calls.append(
            (
                "ec2:TerminateInstances",
                lambda: ec2.terminate_instances(InstanceIds=[ctx.resource_id], DryRun=True),
            )
        )
        return ec2_dry_run(calls)

    def run(self, ctx: Context) -> Outcome:
        ec2 = ctx.write("ec2")
        if ctx.extra.get("protected"):
            ec2.modify_instance_attribute(InstanceId=ctx.resource_id, DisableApiTermination={"Value": False})
            ctx.step(f"Termination protection of `{ctx.resource_id}` cleared")
        ec2.terminate_instances(InstanceIds=[ctx.resource_id])
        deleted, kept = ctx.extra.get("deleted_with_it") or [], ctx.extra.get("kept") or []
        notes = []
        if deleted:
            notes.append(f"volumes deleted with it: {', '.join(f'`{v}`' for v in deleted)}")
        if kept:
            notes.append(f"volumes kept: {', '.join(f'`{v}`' for v in kept)}")
        tail = f" ({'; '.join(notes)})" if notes else ""
        return Outcome(Result.DONE, f"Terminating instance `{ctx.resource_id}`{tail}.")
