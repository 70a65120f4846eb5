"""New credentials by a principal that has made none in 90 days."""

from datetime import timedelta

from watch_helpers import ACCOUNT, ALL_SEEDED, NOW, Trail, run_rule

from bot.cleanup.catalog import ACTIONS
from bot.watch.rules import History

RULE = "watch.new_credentials"
CI = f"arn:aws:iam::{ACCOUNT.account_id}:user/ci-deploy"


def _history(last_created: timedelta | None) -> History:
    creators = {CI: NOW - last_created} if last_created is not None else {}
    return History(creators=creators, seeded=ALL_SEEDED)


def test_a_first_user_and_key_fire_with_the_new_key_to_deactivate():
    trail = Trail()
    events = [
        trail.create_user("svc-backup", NOW),
        trail.create_key("svc-backup", "AKIANEWKEY0000000001", NOW),
    ]
    [hit] = run_rule(RULE, events, history=_history(None))
    assert "user `svc-backup`" in hit.title and "AKIANEWKEY0000000001 for svc-backup" in hit.title
    keys = {f.resource_id: f for f in hit.containment if f.action == "iam.deactivate_access_key"}
    assert keys["AKIANEWKEY0000000001"].evidence == {"user_name": "svc-backup", "status": "Active"}
    assert "AKIAEXAMPLEOLDKEY001" in keys  # the key that did it
    assert all(set(ACTIONS[f.action]) <= set(f.evidence) for f in hit.containment)
    assert "AKIANEWKEY0000000001" in hit.links  # that key's later events join the alert


def test_a_principal_that_created_credentials_89_days_ago_does_not_fire_91_days_does():
    trail = Trail()
    assert run_rule(RULE, [trail.create_user("new-hire", NOW)], history=_history(timedelta(days=89))) == []
    assert (
        len(run_rule(RULE, [trail.create_user("new-hire-2", NOW)], history=_history(timedelta(days=91)))) == 1
    )


def test_a_login_profile_counts_and_a_refused_call_does_not():
    trail = Trail()
    profile = trail.iam("CreateLoginProfile", NOW, request={"userName": "bob"})
    [hit] = run_rule(RULE, [profile], history=_history(None))
    assert "console password for `bob`" in hit.title
    refused = trail.iam("CreateUser", NOW, request={"userName": "x"}, error_code="AccessDenied")
    assert run_rule(RULE, [refused], history=_history(None)) == []


def test_silent_until_the_history_is_known():
    trail = Trail()
    assert (
        run_rule(RULE, [trail.create_user("svc", NOW)], history=History(seeded=frozenset({"eu-west-1"})))
        == []
    )
