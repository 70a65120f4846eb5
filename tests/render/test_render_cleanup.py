"""Request cards in every state stay within Block Kit limits and carry only IDs in buttons."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.cleanup.registry import all_actions
from bot.render import cleanup as render
from bot.render.blocks import violations
from bot.store.tables import CleanupRequest

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def request(state: str, action: str = "ec2.delete_snapshot", **kw) -> CleanupRequest:
    values = {
        "id": "rq_abcdefghijklmnopqrstuvwx",
        "offer_id": "of_x",
        "account": "demo",
        "region": "us-east-1",
        "action": action,
        "resource_id": "snap-0123456789abcdef0",
        "facts": {"volume_size_gib": 8, "start_time": "2026-01-01T00:00:00+00:00"},
        "requester": "U0ALICE001",
        "requested_at": NOW,
        "expires_at": NOW + timedelta(hours=24),
        "state": state,
        "approver": None if state in ("pending", "expired") else "U0BOB00001",
        "decided_at": None if state in ("pending", "expired") else NOW,
        "mode": "dry-run",
        "outcome": None,
        "batch_id": "rb_batch0000000000000000",
        **kw,
    }
    return CleanupRequest(**values)


@pytest.mark.parametrize(
    "state", ["pending", "approved", "executing", "done", "failed", "rejected", "expired"]
)
def test_every_state_renders_within_limits(state):
    outcome = {"summary": "x" * 5000, "steps": [f"step {i}" for i in range(30)]}
    message = render.card(request(state, outcome=outcome), all_actions()["ec2.delete_snapshot"])
    assert violations(message.blocks) == []
    buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    if state == "pending":
        assert {b["value"] for b in buttons} == {"rq_abcdefghijklmnopqrstuvwx"}
        assert "type the account name" in str(message.blocks)
    else:
        assert buttons == []


def test_untrusted_text_is_escaped():
    r = request("pending", resource_id="<!channel> & <https://evil|click>", facts={"name": "<@U0EVIL>"})
    text = str(render.card(r, None).blocks)
    assert "<!channel>" not in text and "<@U0EVIL>" not in text and "&lt;!channel&gt;" in text


def test_outcome_lists_what_changed():
    changes = [{"fact": "association_id", "was": None, "now": "eipassoc-1"}] * 200
    r = request("failed", outcome={"summary": "It changed", "changes": changes})
    message = render.outcome_reply(r, None)
    assert violations(message.blocks) == []
    assert "association_id: was `none`, now `eipassoc-1`" in message.blocks[1]["text"]["text"]


def test_confirm_modal_names_the_account_and_carries_the_request_id():
    r = request("pending")
    view = render.confirm_view(r, all_actions()["ec2.delete_snapshot"], "123456789012")
    assert view["private_metadata"] == r.id and view["callback_id"] == "cleanup.confirm"
    assert "123456789012" in str(view["blocks"])


def test_batch_header_offers_approve_all_only_for_what_it_may_approve():
    plain = [request("pending", action="ec2.release_address", id=f"rq_{i:024d}") for i in range(3)]
    typed = [request("pending", id="rq_typed000000000000000000")]
    message = render.batch_header(plain + typed, all_actions(), "idle", "rb_batch0000000000000000")
    [button] = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert button["value"] == "rb_batch0000000000000000" and button["text"]["text"] == "Approve all 3"
    assert "1 need typed confirmation" in button["confirm"]["text"]["text"]


def test_pending_lines_for_the_home_tab():
    lines = render.pending_lines([request("pending")], all_actions())
    assert lines == [
        "• Delete EBS snapshot `snap-0123456789abcdef0` in *demo* — asked by <@U0ALICE001>, "
        "expires 2026-11-25 09:00 UTC"
    ]
