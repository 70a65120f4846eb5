"""Demo steps for the first hour: a request waiting on the Home tab, and deciding it from there.

Alice asks for the gp2 → gp3 change `/aws-idle` offered; Bob (an approver) opens the bot's Home
tab — each account's latest verdict, spend, waste, money past due, the incident checklist's
progress and the request with Approve / Reject — and approves it there: the request's card in its
thread and Bob's Home tab both update.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cleanup import engine
from bot.cleanup.offers import get_offer
from bot.devtools.harness import ALICE, BOB

if TYPE_CHECKING:
    from bot.demo.world import DemoWorld

HOME = "V0HOMEDEMO"


def request_step(world: DemoWorld) -> None:
    """Alice clicks `/aws-idle`'s "Request gp3 change": a request now waits for a second person."""
    harness = world.harness
    store = harness.services.store
    for call in reversed(harness.slack.messages()):
        for block in call.blocks:
            for element in [*block.get("elements", []), block.get("accessory") or {}]:
                action_id = str(element.get("action_id", ""))
                found = (
                    get_offer(store, element.get("value", ""))
                    if action_id.startswith("cleanup.request")
                    else None
                )
                if found and found.items and found.items[0].get("action") == "ec2.modify_volume_gp3":
                    ts = call.args.get("ts") or call.args.get("_ts")
                    harness.click(
                        action_id,
                        element["value"],
                        user=ALICE,
                        channel=call.args["channel"],
                        message_ts=ts,
                        thread_ts=call.args.get("thread_ts"),
                    )
                    return
    raise LookupError("no gp3 change was offered by /aws-idle")


def open_home_step(world: DemoWorld) -> None:
    """Bob opens the bot's Home tab (Slack sends `app_home_opened`)."""
    slack = world.harness.slack
    before = len(slack.called("views.publish"))
    world.harness.send.event({"type": "app_home_opened", "user": BOB, "channel": "D0BOBHOME1", "tab": "home"})
    # Slack's events are acknowledged before the listener runs: wait for what it publishes.
    slack.wait_for(lambda s: len(s.called("views.publish")) > before, timeout=30)


def approve_from_home_step(world: DemoWorld) -> None:
    """Bob presses Approve on the request in his Home tab: the engine's usual checks, then the dry-run."""
    pending = engine.pending_requests(world.harness.services.store, world.account["name"])
    if not pending:
        raise LookupError("nothing is waiting for approval")
    world.harness.click("cleanup.approve", pending[0].id, user=BOB, view_id=HOME)
