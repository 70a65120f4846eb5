from slack_sdk import WebClient

from bot.devtools.slack_server import FakeSlack
from bot.slack.people import People, describe


def _people(slack, **kwargs):
    return People(WebClient(token="xoxb-test", base_url=slack.api_url), **kwargs)


def test_users_listed_directly_or_through_a_group():
    with FakeSlack(user_groups={"S0PAY": ["U0CAROL01"]}) as slack:
        people = _people(slack)
        assert people.includes(["U0BOB00001", "S0PAY"], "U0BOB00001")
        assert people.includes(["U0BOB00001", "S0PAY"], "U0CAROL01")
        assert not people.includes(["U0BOB00001", "S0PAY"], "U0MALLORY1")
        assert people.members(["U0BOB00001", "S0PAY"]) == {"U0BOB00001", "U0CAROL01"}


def test_group_members_are_cached_for_a_while():
    now = [0.0]
    with FakeSlack(user_groups={"S0PAY": ["U0CAROL01"]}) as slack:
        people = _people(slack, ttl=300, clock=lambda: now[0])
        for _ in range(3):
            people.includes(["S0PAY"], "U0CAROL01")
        assert len(slack.called("usergroups.users.list")) == 1
        now[0] = 301
        people.includes(["S0PAY"], "U0CAROL01")
        assert len(slack.called("usergroups.users.list")) == 2


def test_when_slack_cannot_say_the_check_fails_closed_and_asks_again_next_time():
    with FakeSlack(user_groups={"S0PAY": ["U0CAROL01"]}) as slack:
        slack.fail_next("usergroups.users.list", status=200, error="missing_scope")
        people = _people(slack)
        assert not people.includes(["S0PAY"], "U0CAROL01")
        assert people.includes(["S0PAY"], "U0CAROL01")


def test_when_slack_is_unreachable_the_check_fails_closed_instead_of_raising():
    with FakeSlack(user_groups={"S0PAY": ["U0CAROL01"]}) as slack:
        url = slack.api_url
    people = People(WebClient(token="xoxb-test", base_url=url, timeout=1))  # nobody listens there now
    assert not people.includes(["S0PAY"], "U0CAROL01")


def test_describe_mentions_people_and_groups():
    assert describe(["U0BOB00001", "S0PAY"]) == "<@U0BOB00001>, <!subteam^S0PAY>"
    assert describe([]) == "nobody"
