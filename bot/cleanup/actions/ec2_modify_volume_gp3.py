"""Move a gp2 volume to gp3: ~20% cheaper per GiB, keeping at least the gp2 baseline performance.

gp2 gives 3 IOPS per GiB (100–16,000) and up to 250 MiB/s; gp3 gives 3,000 IOPS and 125 MiB/s
included. Volumes above 1,000 GiB get provisioned IOPS to match, above 170 GiB the higher
throughput, so nothing that ran fine on gp2 slows down on gp3.
"""

from __future__ import annotations

from typing import Any

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, ec2_dry_run


@action(
    "ec2.modify_volume_gp3",
    permissions=["ec2:ModifyVolume"],
    title="Change EBS volume gp2 → gp3",
    gone_codes=["InvalidVolume.NotFound"],
)
class ModifyVolumeGp3(Action):
    def recheck(self, ctx: Context) -> Observed:
        try:
            volumes = ctx.read("ec2").describe_volumes(VolumeIds=[ctx.resource_id])["Volumes"]
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        if not volumes:
            return Observed(gone=True)
        volume = volumes[0]
        if volume.get("VolumeType") == "gp3":
            return Observed(already="the volume is already gp3")
        return Observed(facts={"volume_type": volume.get("VolumeType"), "size_gib": volume.get("Size")})

    def dry_run(self, ctx: Context) -> Outcome:
        ec2 = ctx.write("ec2")
        params = gp3_parameters(int(ctx.facts.get("size_gib") or 0))
        return ec2_dry_run(
            [
                (
                    "ec2:ModifyVolume",
                    lambda: ec2.modify_volume(VolumeId=ctx.resource_id, DryRun=True, **params),
                )
            ]
        )

    def run(self, ctx: Context) -> Outcome:
        params = gp3_parameters(int(ctx.facts.get("size_gib") or 0))
        ctx.write("ec2").modify_volume(VolumeId=ctx.resource_id, **params)
        extra = ", ".join(f"{k} {v}" for k, v in params.items() if k != "VolumeType")
        kept = f" with {extra} to match gp2's baseline" if extra else ""
        return Outcome(
            Result.DONE,
            f"Modifying `{ctx.resource_id}` to gp3{kept}; it stays in use while AWS converts it.",
        )


def gp3_parameters(size_gib: int) -> dict[str, Any]:
    params: dict[str, Any] = {"VolumeType": "gp3"}
    gp2_iops = min(max(3 * size_gib, 100), 16000)
    if gp2_iops > 3000:
        params["Iops"] = gp2_iops
    if size_gib > 170:
        params["Throughput"] = 250
    return params
