"""The Home view within Slack's limits, whatever the number of accounts and requests."""

from datetime import UTC, datetime, timedelta

from bot.accounts import parse_accounts
from bot.cleanup.registry import all_actions
from bot.devtools.harness import BOB, DEMO_ACCOUNT
from bot.home.data import AccountHome
from bot.render.blocks import violations
from bot.render.home import render_home
from bot.store.tables import CleanupRequest

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _request(n, requester="U0ALICE001", account="demo"):
    return CleanupRequest(
        id=f"rq_{n:012d}",
        account=account,
        region="us-east-1",
        action="ec2.release_address",
        resource_id=f"eipalloc-{n:017x}",
        facts={},
        requester=requester,
        requested_at=NOW,
        expires_at=NOW + timedelta(hours=24),
        state="pending",
    )


def _home(account, pending):
    return AccountHome(
        account=account, audit=None, cost=None, idle=None, pastdue=None, pending=pending, checklist=None
    )


def _buttons(view):
    return [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_an_approver_s_own_request_has_no_buttons():
    [account] = parse_accounts([DEMO_ACCOUNT])
    view = render_home(
        [_home(account, [_request(1, requester=BOB)])], all_actions(), user=BOB, approver=True, now=NOW
    )
    assert _buttons(view) == []
    assert "Your request" in str(view["blocks"])


def test_many_accounts_and_requests_stay_within_a_hundred_blocks():
    accounts = parse_accounts([{**DEMO_ACCOUNT, "name": f"acct{n}", "default": False} for n in range(30)])
    homes = [
        _home(a, [_request(n * 10 + i, account=a.name) for i in range(8)]) for n, a in enumerate(accounts)
    ]
    view = render_home(homes, all_actions(), user=BOB, approver=True, now=NOW)
    assert violations(view["blocks"], max_blocks=100) == []
    ids = [b.get("block_id") for b in view["blocks"] if b.get("block_id")]
    assert len(ids) == len(set(ids))  # Slack refuses a view with duplicate block IDs


def test_the_first_account_keeps_its_buttons_and_the_rest_are_counted():
    [account] = parse_accounts([DEMO_ACCOUNT])
    view = render_home(
        [_home(account, [_request(i) for i in range(8)])], all_actions(), user=BOB, approver=True, now=NOW
    )
    assert len([b for b in _buttons(view) if b["action_id"] == "cleanup.approve"]) == 5
    assert "and 3 more" in str(view["blocks"])


def test_no_accounts_says_how_to_add_one():
    view = render_home([], all_actions(), user=BOB, approver=True, now=NOW)
    assert "No AWS accounts are configured" in str(view["blocks"])
