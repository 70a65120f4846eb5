"""Run one action against moto (and a FakeAws for what moto lacks), as the engine would."""

from __future__ import annotations

from typing import Any

import pytest

from bot.accounts import Account
from bot.aws.fakes import FakeAws
from bot.aws.session import AwsAccess
from bot.cleanup import registry
from bot.cleanup.registry import Context, Outcome
from bot.devtools.harness import BOB, DEMO_ACCOUNT


@pytest.fixture
def fake() -> FakeAws:
    """iam:SimulatePrincipalPolicy (moto lacks it) allows whatever it is asked about."""
    fake = FakeAws()

    @fake.on("iam", "SimulatePrincipalPolicy")
    def simulate(params: dict[str, Any], region: str) -> dict[str, Any]:
        fake.simulated = params  # type: ignore[attr-defined]
        results = [{"EvalActionName": a, "EvalDecision": "allowed"} for a in params["ActionNames"]]
        return {"EvaluationResults": results, "IsTruncated": False}

    return fake


class Runner:
    """recheck → (compare) → dry_run / run, for one action, without Slack or the store."""

    def __init__(self, access: AwsAccess, account: Account) -> None:
        self.access = access
        self.account = account

    def context(
        self, name: str, resource_id: str, facts: dict[str, Any], region: str = "us-east-1"
    ) -> Context:
        return Context(
            request_id="rq_test000000000000000000",
            account=self.account,
            region=region,
            resource_id=resource_id,
            facts=facts,
            approver=BOB,
            reader=self.access.for_account(self.account, BOB, "audit"),
            writer=self.access.for_account(self.account, BOB, "cleanup"),
        )

    def recheck(self, name: str, resource_id: str, facts: dict[str, Any], **kw: Any) -> Context:
        ctx = self.context(name, resource_id, facts, **kw)
        ctx.observed = registry.get(name).recheck(ctx)  # type: ignore[union-attr]
        return ctx

    def dry_run(self, name: str, resource_id: str, facts: dict[str, Any], **kw: Any) -> Outcome:
        ctx = self.recheck(name, resource_id, facts, **kw)
        return registry.get(name).dry_run(ctx)  # type: ignore[union-attr]

    def run(self, name: str, resource_id: str, facts: dict[str, Any], **kw: Any) -> Outcome:
        ctx = self.recheck(name, resource_id, facts, **kw)
        return registry.get(name).run(ctx)  # type: ignore[union-attr]


@pytest.fixture
def runner(aws, fake) -> Runner:
    access = AwsAccess(aws, client_hooks=[fake.attach])
    return Runner(access, Account.model_validate(DEMO_ACCOUNT))
