"""SageMaker apps and user profiles (moto 5.2 lacks these APIs): a FakeAws behind the same clients."""

from __future__ import annotations

from typing import Any

import pytest

from bot.aws.fakes import FakeError
from bot.cleanup import registry
from bot.cleanup.actions import sagemaker_delete_user_profile
from bot.cleanup.registry import Result

DOMAIN = "d-abc123"
ARN = "arn:aws:sagemaker:us-east-1:123456789012"


class Studio:
    """A SageMaker domain with one user profile and its apps; deleting an app takes one poll."""

    def __init__(self, fake: Any) -> None:
        self.apps: dict[str, str] = {"default": "InService", "miner": "InService"}
        self.profile = "InService"
        self.deleted: list[str] = []
        self.deletes_finish = True

        @fake.on("sagemaker", "DescribeApp")
        def describe_app(params: dict[str, Any], region: str) -> dict[str, Any]:
            name = params["AppName"]
            if name not in self.apps:
                raise FakeError("ResourceNotFound", "app not found")
            return {
                "AppArn": f"{ARN}:app/{DOMAIN}/alice/{params['AppType'].lower()}/{name}",
                "AppType": params["AppType"],
                "AppName": name,
                "DomainId": DOMAIN,
                "UserProfileName": params["UserProfileName"],
                "Status": self.apps[name],
            }

        @fake.on("sagemaker", "DeleteApp")
        def delete_app(params: dict[str, Any], region: str) -> dict[str, Any]:
            self.deleted.append(params["AppName"])
            self.apps[params["AppName"]] = "Deleting"
            return {}

        @fake.on("sagemaker", "ListApps")
        def list_apps(params: dict[str, Any], region: str) -> dict[str, Any]:
            apps = [
                {
                    "DomainId": DOMAIN,
                    "UserProfileName": "alice",
                    "AppType": "KernelGateway",
                    "AppName": n,
                    "Status": s,
                }
                for n, s in self.apps.items()
            ]
            if self.deletes_finish:  # one poll later, what was deleting is deleted
                self.apps = {n: ("Deleted" if s == "Deleting" else s) for n, s in self.apps.items()}
            return {"Apps": apps}

        @fake.on("sagemaker", "DescribeUserProfile")
        def describe_profile(params: dict[str, Any], region: str) -> dict[str, Any]:
            if self.profile == "gone":
                raise FakeError("ResourceNotFound", "profile not found")
            return {
                "DomainId": DOMAIN,
                "UserProfileName": params["UserProfileName"],
                "UserProfileArn": f"{ARN}:user-profile/{DOMAIN}/alice",
                "Status": self.profile,
            }

        @fake.on("sagemaker", "DeleteUserProfile")
        def delete_profile(params: dict[str, Any], region: str) -> dict[str, Any]:
            if any(s not in ("Deleted", "Failed") for s in self.apps.values()):
                raise FakeError("ResourceInUse", "the profile still has apps")
            self.profile = "Deleting"
            return {}


@pytest.fixture
def studio(fake, monkeypatch) -> Studio:
    monkeypatch.setattr(sagemaker_delete_user_profile, "_sleep", lambda seconds: None)
    return Studio(fake)


APP = {"domain_id": DOMAIN, "user_profile_name": "alice", "app_type": "KernelGateway", "app_name": "miner"}
PROFILE = {"domain_id": DOMAIN, "user_profile_name": "alice"}


def test_delete_app(runner, studio, fake):
    ctx = runner.recheck("sagemaker.delete_app", "miner", APP)
    assert ctx.observed.facts == APP
    outcome = runner.dry_run("sagemaker.delete_app", "miner", APP)
    assert outcome.result is Result.WOULD_SUCCEED and "miner" in outcome.summary
    assert fake.simulated["ResourceArns"] == [f"{ARN}:app/{DOMAIN}/alice/kernelgateway/miner"]
    assert runner.run("sagemaker.delete_app", "miner", APP).result is Result.DONE
    assert studio.deleted == ["miner"]
    assert runner.recheck("sagemaker.delete_app", "miner", APP).observed.gone


def test_delete_user_profile_deletes_its_apps_first_and_waits_for_them(runner, studio):
    ctx = runner.recheck("sagemaker.delete_user_profile", "alice", PROFILE)
    assert ctx.observed.facts == PROFILE
    outcome = registry.get("sagemaker.delete_user_profile").run(ctx)
    assert outcome.result is Result.DONE
    assert sorted(studio.deleted) == ["default", "miner"] and studio.profile == "Deleting"
    assert any("Deleting app `miner`" in s for s in ctx.steps)
    assert runner.recheck("sagemaker.delete_user_profile", "alice", PROFILE).observed.gone


def test_delete_user_profile_gives_up_cleanly_when_apps_never_finish(runner, studio, monkeypatch):
    monkeypatch.setattr(type(registry.get("sagemaker.delete_user_profile")), "poll_rounds", 2)
    studio.deletes_finish = False
    outcome = runner.run("sagemaker.delete_user_profile", "alice", PROFILE)
    assert outcome.result is Result.ERROR and "was NOT deleted" in outcome.summary
    assert studio.profile == "InService"
