"""Delete a SageMaker Studio app (containment or idle; resource: its ARN or name; facts identify it)."""

from __future__ import annotations

from typing import Any

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, simulate


def app_key(facts: dict[str, Any]) -> dict[str, Any]:
    return {
        "DomainId": facts.get("domain_id"),
        "UserProfileName": facts.get("user_profile_name"),
        "AppType": facts.get("app_type"),
        "AppName": facts.get("app_name"),
    }


@action(
    "sagemaker.delete_app",
    permissions=["sagemaker:DeleteApp"],
    title="Delete SageMaker app",
    gone_codes=["ResourceNotFound"],
    warning="Its running kernels stop; files in the user's home directory are kept.",
)
class DeleteApp(Action):
    def recheck(self, ctx: Context) -> Observed:
        try:
            app = ctx.read("sagemaker").describe_app(**app_key(ctx.facts))
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        if app.get("Status") in ("Deleted", "Deleting"):
            return Observed(gone=True)
        return Observed(
            facts={
                "domain_id": app.get("DomainId"),
                "user_profile_name": app.get("UserProfileName"),
                "app_type": app.get("AppType"),
                "app_name": app.get("AppName"),
            },
            extra={"arn": app.get("AppArn")},
        )

    def dry_run(self, ctx: Context) -> Outcome:
        return simulate(ctx, self)

    def run(self, ctx: Context) -> Outcome:
        ctx.write("sagemaker").delete_app(**app_key(ctx.facts))
        return Outcome(Result.DONE, f"Deleting SageMaker app {_name(ctx.facts)}.")

    def describe(self, ctx: Context) -> str:
        return f"delete SageMaker app {_name(ctx.facts)}"

    def resource_arn(self, ctx: Context) -> str | None:
        return ctx.extra.get("arn")


def _name(facts: dict[str, Any]) -> str:
    return (
        f"`{facts.get('app_name')}` ({facts.get('app_type')}) of `{facts.get('user_profile_name')}` "
        f"in domain `{facts.get('domain_id')}`"
    )
