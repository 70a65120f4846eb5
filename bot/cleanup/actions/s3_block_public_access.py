"""Turn on all four S3 Block Public Access settings on a bucket (containment; resource: bucket)."""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, simulate

ALL_ON = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


@action(
    "s3.block_public_access",
    permissions=["s3:PutBucketPublicAccessBlock"],
    title="Block public access to S3 bucket",
    gone_codes=["NoSuchBucket"],
    warning="Anything served publicly from this bucket (a website, public objects) stops working.",
)
class BlockPublicAccess(Action):
    def recheck(self, ctx: Context) -> Observed:
        s3 = ctx.read("s3")
        try:
            s3.head_bucket(Bucket=ctx.resource_id)
            config = s3.get_public_access_block(Bucket=ctx.resource_id)["PublicAccessBlockConfiguration"]
        except Exception as exc:
            code = getattr(exc, "response", {}).get("Error", {}).get("Code")
            if code == "NoSuchPublicAccessBlockConfiguration":
                config = {}
            elif self.is_gone(exc) or code in ("404", "NotFound"):
                return Observed(gone=True)
            else:
                raise
        if all(config.get(k) for k in ALL_ON):
            return Observed(already="Block Public Access is already fully on")
        return Observed(facts={"bucket": ctx.resource_id})

    def dry_run(self, ctx: Context) -> Outcome:
        return simulate(ctx, self)

    def run(self, ctx: Context) -> Outcome:
        ctx.write("s3").put_public_access_block(
            Bucket=ctx.resource_id, PublicAccessBlockConfiguration=dict(ALL_ON)
        )
        return Outcome(Result.DONE, f"Block Public Access is now fully on for bucket `{ctx.resource_id}`.")

    def describe(self, ctx: Context) -> str:
        return f"turn on all four Block Public Access settings of bucket `{ctx.resource_id}`"

    def resource_arn(self, ctx: Context) -> str | None:
        return f"arn:aws:s3:::{ctx.resource_id}"
