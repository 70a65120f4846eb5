"""Helpers for cleanup scenarios: offers, clicks, and a look at the store and the recorded AWS calls."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from bot.cleanup import engine
from bot.cleanup.offers import offer
from bot.devtools.harness import ALICE, BOB, DEMO_ACCOUNT, OPS, Harness
from bot.model import Finding, Severity
from bot.store.tables import ActionLog, CleanupRequest

CAROL = "U0CAROL001"  # a second approver
PARENT = "1700000000.900000"  # the /aws-idle answer the offer's button sits under


@dataclass
class AwsCall:
    service: str
    operation: str
    params: dict[str, Any]
    access_key: str | None  # whose credentials signed it (moto maps assumed keys back to the role)


class AwsCalls:
    """Client hook recording every AWS call: operation, parameters, and the credentials used."""

    def __init__(self) -> None:
        self.calls: list[AwsCall] = []

    def attach(self, client: Any, service: str, region: str) -> None:
        def record(params: dict[str, Any], model: Any, **_: Any) -> None:
            credentials = client._request_signer._credentials
            key = credentials.get_frozen_credentials().access_key if credentials else None
            self.calls.append(AwsCall(service, model.name, dict(params), key))

        client.meta.events.register("provide-client-params", record)

    def of(self, operation: str) -> list[AwsCall]:
        return [c for c in self.calls if c.operation == operation]

    def role_of(self, aws: Any, call: AwsCall) -> str:
        """The role whose session made this call (moto answers GetCallerIdentity per access key)."""
        sts = aws.client(
            "sts", aws_access_key_id=call.access_key, aws_secret_access_key="x", aws_session_token="x"
        )
        return str(sts.get_caller_identity()["Arn"])


class Bot:
    """The harness plus what a cleanup story needs: offers, clicks, and a look at the store."""

    def __init__(self, harness: Harness, calls: AwsCalls) -> None:
        self.h = harness
        self.calls = calls
        self.store = harness.services.store

    def offer(self, findings: list[Finding], account: str = "demo") -> str:
        offer_id = offer(
            self.store,
            findings,
            account=account,
            source="/aws-idle",
            created_by=ALICE,
            label="idle resources",
            channel=OPS,
            thread_ts=PARENT,
        )
        assert offer_id
        return offer_id

    def request(self, offer_id: str, user: str = ALICE) -> list[CleanupRequest]:
        before = {r.id for r in self.requests()}
        reply = self.h.click(
            "cleanup.request.0", offer_id, user=user, message_ts="1700000000.900001", thread_ts=PARENT
        )
        assert reply.status == 200
        return [r for r in self.requests() if r.id not in before]

    def approve(self, request_id: str, user: str = BOB, **kw: Any) -> None:
        assert self.h.click("cleanup.approve", request_id, user=user, **kw).status == 200

    def reject(self, request_id: str, user: str = BOB) -> None:
        assert self.h.click("cleanup.reject", request_id, user=user).status == 200

    def requests(self) -> list[CleanupRequest]:
        with self.store.tx() as tx:
            return list(tx.scalars(select(CleanupRequest).order_by(CleanupRequest.requested_at)))

    def get(self, request_id: str) -> CleanupRequest:
        row = engine.get(self.store, request_id)
        assert row is not None
        return row

    def log(self, request_id: str | None = None) -> list[ActionLog]:
        with self.store.tx() as tx:
            query = select(ActionLog).order_by(ActionLog.id)
            if request_id:
                query = query.where(ActionLog.request_id == request_id)
            return list(tx.scalars(query))

    def card(self, request_id: str) -> str:
        """The request's message as it reads now (its latest update)."""
        ts = self.get(request_id).message_ts
        assert ts, "the request was never posted"
        final = self.h.slack.final(ts)
        assert final is not None
        return final.all_text()

    def thread_text(self) -> str:
        return "\n".join(c.all_text() for c in self.h.slack.thread(PARENT))


def eip_finding(address: dict[str, Any]) -> Finding:
    return Finding(
        check="idle.eip_unassociated",
        severity=Severity.LOW,
        account="demo",
        region="us-east-1",
        resource_id=address["AllocationId"],
        title=f"Elastic IP {address['PublicIp']} is not attached to anything",
        evidence={"public_ip": address["PublicIp"], "association_id": None},
        monthly_cost=Decimal("3.60"),
        action="ec2.release_address",
    )


def make_bot(aws, calls: AwsCalls, *, account: dict | None = None, **settings: Any) -> Harness:
    settings.setdefault("approvers", [BOB, CAROL, ALICE])
    user_groups = settings.pop("user_groups", None)
    return Harness(
        accounts=[account or dict(DEMO_ACCOUNT)],
        base_session=aws,
        aws_hooks=[calls.attach],
        settings=settings,
        user_groups=user_groups,
    )


def addresses(aws) -> list[str]:
    found = aws.client("ec2", region_name="us-east-1").describe_addresses()["Addresses"]
    return [a["AllocationId"] for a in found]
