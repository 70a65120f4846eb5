"""What `python -m bot doctor` reads that moto lacks, answered behind the same clients (tests, bench)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.aws.fakes import FakeAws
from bot.demo.seeds.pastdue import install
from bot.devtools.fake_ce import FakeCostExplorer


def answer_what_moto_lacks(
    fake: FakeAws, *, account_id: str, denied: Callable[[], set[str]] = set
) -> FakeAws:
    """Cost Explorer, CloudTrail lookups, Compute Optimizer, Price List, billing reads, and the
    permission simulation (`denied()` names the actions it refuses)."""
    FakeCostExplorer().attach_to(fake)
    install(fake, invoices=[], actions=[], account_id=account_id)
    fake.on("cloudtrail", "LookupEvents")(lambda params, region: {"Events": []})
    fake.on("compute-optimizer", "GetEnrollmentStatus")(lambda params, region: {"status": "Inactive"})
    fake.on("pricing", "GetProducts")(lambda params, region: {"PriceList": [], "FormatVersion": "aws_v1"})

    @fake.on("iam", "SimulatePrincipalPolicy")
    def simulate(params: dict[str, Any], region: str) -> dict[str, Any]:
        refused = denied()
        return {
            "EvaluationResults": [
                {
                    "EvalActionName": name,
                    "EvalResourceName": "*",
                    "EvalDecision": "implicitDeny" if name in refused else "allowed",
                }
                for name in params["ActionNames"]
            ],
            "IsTruncated": False,
        }

    return fake
