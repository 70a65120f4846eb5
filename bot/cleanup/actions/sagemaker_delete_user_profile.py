"""Delete a SageMaker user profile (containment): its apps are deleted first, as SageMaker requires.

App deletion is asynchronous; the profile is deleted once every app reports Deleted (bounded
wait). If the wait runs out, the apps stay deleting and the outcome says the profile is left.
"""

from __future__ import annotations

import time
from typing import Any

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, simulate

POLL_SECONDS = 15.0
POLL_ROUNDS = 40  # ten minutes


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


@action(
    "sagemaker.delete_user_profile",
    permissions=["sagemaker:DeleteApp", "sagemaker:DeleteUserProfile"],
    title="Delete SageMaker user profile",
    gone_codes=["ResourceNotFound"],
    warning="Every app of the profile is deleted first; the user loses Studio access.",
)
class DeleteUserProfile(Action):
    poll_seconds = POLL_SECONDS
    poll_rounds = POLL_ROUNDS

    def recheck(self, ctx: Context) -> Observed:
        try:
            profile = ctx.read("sagemaker").describe_user_profile(**_key(ctx.facts))
        except Exception as exc:
            if self.is_gone(exc):
                return Observed(gone=True)
            raise
        if profile.get("Status") in ("Deleting", "Deleted"):
            return Observed(gone=True)
        return Observed(
            facts={"domain_id": profile.get("DomainId"), "user_profile_name": profile.get("UserProfileName")},
            extra={"arn": profile.get("UserProfileArn")},
        )

    def dry_run(self, ctx: Context) -> Outcome:
        return simulate(ctx, self)

    def run(self, ctx: Context) -> Outcome:
        writer = ctx.write("sagemaker")
        live = self._live_apps(ctx)
        for app in live:
            if app.get("Status") != "Deleting":
                writer.delete_app(
                    DomainId=ctx.facts["domain_id"],
                    UserProfileName=ctx.facts["user_profile_name"],
                    AppType=app["AppType"],
                    AppName=app["AppName"],
                )
                ctx.step(f"Deleting app `{app['AppName']}` ({app['AppType']})")
        for _ in range(self.poll_rounds):
            if not live:
                break
            _sleep(self.poll_seconds)
            live = self._live_apps(ctx)
            if live:
                ctx.step(f"Waiting for {len(live)} app(s) to finish deleting")
        else:
            if live:
                return Outcome(
                    Result.ERROR,
                    f"Apps {', '.join(a['AppName'] for a in live)} are still deleting; the user profile "
                    f"`{ctx.facts['user_profile_name']}` was NOT deleted yet. Request it again shortly.",
                )
        writer.delete_user_profile(**_key(ctx.facts))
        return Outcome(Result.DONE, f"Deleting SageMaker user profile {_name(ctx.facts)}.")

    def describe(self, ctx: Context) -> str:
        return f"delete the apps of SageMaker user profile {_name(ctx.facts)}, then the profile"

    def resource_arn(self, ctx: Context) -> str | None:
        return ctx.extra.get("arn")

    def _live_apps(self, ctx: Context) -> list[dict[str, Any]]:
        apps = []
        pages = (
            ctx.read("sagemaker")
            .get_paginator("list_apps")
            .paginate(
                DomainIdEquals=ctx.facts["domain_id"], UserProfileNameEquals=ctx.facts["user_profile_name"]
            )
        )
        for page in pages:
            apps.extend(a for a in page.get("Apps", []) if a.get("Status") not in ("Deleted", "Failed"))
        return apps


def _key(facts: dict[str, Any]) -> dict[str, Any]:
    return {"DomainId": facts.get("domain_id"), "UserProfileName": facts.get("user_profile_name")}


def _name(facts: dict[str, Any]) -> str:
    return f"`{facts.get('user_profile_name')}` in domain `{facts.get('domain_id')}`"
