"""Approvers: user IDs and user groups, group membership cached briefly, failing closed."""

from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.cleanup.approvers import Approvers


class Slack:
    def __init__(self, groups: dict[str, list[str]]) -> None:
        self.groups = groups
        self.asked: list[str] = []
        self.broken = False

    def usergroups_users_list(self, *, usergroup: str) -> dict[str, Any]:
        self.asked.append(usergroup)
        if self.broken:
            response = SlackResponse(
                client=None,
                http_verb="POST",
                api_url="",
                req_args={},
                data={"ok": False, "error": "missing_scope"},
                headers={},
                status_code=200,
            )
            raise SlackApiError("missing_scope", response)
        return {"ok": True, "users": self.groups.get(usergroup, [])}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_user_ids_and_group_members_may_approve_others_may_not():
    slack = Slack({"S0OPS": ["U0CAROL"]})
    approvers = Approvers(slack, ["U0BOB", "S0OPS"])  # type: ignore[arg-type]
    assert approvers.check("U0BOB").allowed
    assert approvers.check("U0CAROL").allowed
    verdict = approvers.check("U0MALLORY")
    assert not verdict.allowed and "APPROVERS" in verdict.reason
    assert approvers.members() == {"U0BOB", "U0CAROL"}


def test_group_membership_is_cached_for_a_few_minutes():
    slack, clock = Slack({"S0OPS": ["U0CAROL"]}), Clock()
    approvers = Approvers(slack, ["S0OPS"], ttl=300, clock=clock)  # type: ignore[arg-type]
    assert approvers.check("U0CAROL").allowed and approvers.check("U0CAROL").allowed
    assert slack.asked == ["S0OPS"]
    slack.groups["S0OPS"] = []  # CAROL left the group
    clock.now = 301
    assert not approvers.check("U0CAROL").allowed
    assert slack.asked == ["S0OPS", "S0OPS"]


def test_an_unreadable_group_fails_closed_and_says_why():
    slack = Slack({"S0OPS": ["U0CAROL"]})
    slack.broken = True
    verdict = Approvers(slack, ["S0OPS"]).check("U0CAROL")  # type: ignore[arg-type]
    assert not verdict.allowed and "could not read the approver group" in verdict.reason


def test_nobody_can_approve_when_approvers_is_empty():
    verdict = Approvers(Slack({}), []).check("U0BOB")  # type: ignore[arg-type]
    assert not verdict.allowed and "APPROVERS is empty" in verdict.reason
