"""Demo step: one cleanup request from button to approval to outcome.

It clicks the latest `cleanup.request…` button an earlier step posted (an Elastic IP one when
there is one); with none, it allocates an idle Elastic IP, offers it and posts the button itself,
as `/aws-idle` would. ALICE asks, tries to approve her own request (refused), BOB approves.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.cleanup import engine, registry
from bot.cleanup.offers import get_offer, offer
from bot.devtools.harness import ALICE, BOB, OPS
from bot.model import Finding, Severity
from bot.render.blocks import actions, button, section
from bot.render.cleanup import CONFIRM_BLOCK, CONFIRM_INPUT, CONFIRM_VIEW

if TYPE_CHECKING:
    from bot.demo.world import DemoWorld


def walk_request(world: DemoWorld) -> None:
    harness = world.harness
    found = _latest_button(world) or _offer_an_idle_address(world)
    value, channel, ts, thread_ts = found
    harness.click(
        "cleanup.request.demo", value, user=ALICE, channel=channel, message_ts=ts, thread_ts=thread_ts
    )
    filed = [r for r in _requests(world, value) if r.state == "pending"]
    if not filed:
        return  # refused when filed (protected account, no cleanup role): the card says why
    request = filed[0]
    harness.click("cleanup.approve", request.id, user=ALICE, channel=channel)  # her own: refused
    harness.click("cleanup.approve", request.id, user=BOB, channel=channel)
    spec = registry.get(request.action)
    if spec is not None and spec.confirm:
        typed = {CONFIRM_BLOCK: {CONFIRM_INPUT: {"type": "plain_text_input", "value": request.account}}}
        harness.send.view_submission(CONFIRM_VIEW, typed, private_metadata=request.id, user_id=BOB)
        harness.wait()


def _latest_button(world: DemoWorld) -> tuple[str, str, str, str | None] | None:
    """(offer ID, channel, message ts, thread ts) of the newest cleanup button; an EIP one first."""
    store = world.harness.services.store
    seen = []
    for call in reversed(world.harness.slack.messages()):
        for block in call.blocks:
            for element in [*block.get("elements", []), block.get("accessory") or {}]:
                if str(element.get("action_id", "")).startswith("cleanup.request"):
                    ts = call.args.get("ts") or call.args.get("_ts")
                    seen.append((element["value"], call.args["channel"], ts, call.args.get("thread_ts")))
    for candidate in seen:
        found = get_offer(store, candidate[0])
        if found and found.items and found.items[0].get("action") == "ec2.release_address":
            return candidate
    return seen[0] if seen else None


def _offer_an_idle_address(world: DemoWorld) -> tuple[str, str, str, str | None]:
    ec2 = world.session.client("ec2", region_name="us-east-1")
    address = ec2.allocate_address(
        Domain="vpc",
        TagSpecifications=[{"ResourceType": "elastic-ip", "Tags": [{"Key": "Name", "Value": "old-bastion"}]}],
    )
    finding = Finding(
        check="idle.eip_unassociated",
        severity=Severity.LOW,
        account=world.account["name"],
        region="us-east-1",
        resource_id=address["AllocationId"],
        title=f"Elastic IP {address['PublicIp']} (old-bastion) is attached to nothing",
        evidence={"public_ip": address["PublicIp"], "association_id": None},
        monthly_cost=Decimal("3.60"),
        action="ec2.release_address",
    )
    slack = world.harness.services.slack
    parent = slack.chat_postMessage(channel=OPS, text="Idle: 1 Elastic IP attached to nothing (~$3.60/month)")
    offer_id = offer(
        world.harness.services.store,
        [finding],
        account=world.account["name"],
        source="/aws-idle",
        created_by=ALICE,
        label="idle Elastic IPs",
        channel=OPS,
        thread_ts=parent["ts"],
    )
    assert offer_id is not None
    blocks: list[dict[str, Any]] = [
        section(f"`{address['AllocationId']}` {address['PublicIp']} · old-bastion · ~$3.60/month"),
        actions(button("Release…", "cleanup.request.0", offer_id)),
    ]
    posted = slack.chat_postMessage(channel=OPS, thread_ts=parent["ts"], text="Release it?", blocks=blocks)
    return offer_id, OPS, posted["ts"], parent["ts"]


def _requests(world: DemoWorld, offer_id: str) -> list[Any]:
    pending = engine.pending_requests(world.harness.services.store)
    return [r for r in pending if r.offer_id == offer_id]
