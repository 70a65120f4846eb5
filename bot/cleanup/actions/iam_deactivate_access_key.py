"""Deactivate an access key (containment; resource: key ID). Never deleted: it can be re-activated."""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, simulate


@action(
    "iam.deactivate_access_key",
    permissions=["iam:UpdateAccessKey"],
    title="Deactivate access key",
    gone_codes=["NoSuchEntity"],
    warning="Whatever uses this key stops working; it can be re-activated, it is never deleted.",
)
class DeactivateAccessKey(Action):
    def recheck(self, ctx: Context) -> Observed:
        user = ctx.facts.get("user_name")
        if not user:
            return Observed(facts={"user_name": None})
        try:
            for page in ctx.read("iam").get_paginator("list_access_keys").paginate(UserName=user):
                for key in page.get("AccessKeyMetadata", []):
                    if key["AccessKeyId"] != ctx.resource_id:
                        continue
                    if key.get("Status") == "Inactive":
                        return Observed(already="the key is already inactive")
                    return Observed(facts={"user_name": key.get("UserName"), "status": key.get("Status")})
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        return Observed(gone=True)

    def dry_run(self, ctx: Context) -> Outcome:
        return simulate(ctx, self)

    def run(self, ctx: Context) -> Outcome:
        ctx.write("iam").update_access_key(
            UserName=ctx.facts["user_name"], AccessKeyId=ctx.resource_id, Status="Inactive"
        )
        return Outcome(
            Result.DONE,
            f"Deactivated access key `{ctx.resource_id}` of `{ctx.facts['user_name']}` (not deleted).",
        )

    def describe(self, ctx: Context) -> str:
        return f"deactivate access key `{ctx.resource_id}` of `{ctx.facts.get('user_name')}`"
