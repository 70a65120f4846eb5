"""The poll, through the scheduler's own job function: history first, then the window since the
checkpoint; a restart resumes with no event alerted twice and none skipped; pages and regions; a
region that cannot be read costs only itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from bot.aws.fakes import FakeError
from bot.digest.reminders import collect
from bot.store.tables import WatchEvent, WatchStream
from bot.watch.thresholds import RULES

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
ROOT = {"user": None, "identity_type": "Root", "access_key": None}


def _root_call(watched, at, name="DescribeInstances", region="us-east-1"):
    return watched.trail.event(name, at, region=region, source="ec2.amazonaws.com", **ROOT)


def _streams(watched):
    with watched.services.store.tx() as tx:
        return {r.stream: r for r in tx.scalars(select(WatchStream).where(WatchStream.account == "demo"))}


def test_the_first_poll_learns_the_past_and_alerts_only_on_the_last_hour(watched):
    trail = watched.trail
    with freeze_time(T0):
        trail.create_user("old-hire", T0 - timedelta(days=30), user="admin")  # admin creates users: normal
        trail.launch(T0 - timedelta(days=20), region="eu-west-1")  # eu-west-1 is in use
        trail.launch(T0 - timedelta(hours=3), 30, kind="p3.8xlarge")  # a burst, but before the watch began
        trail.create_user("new-hire", T0 - timedelta(minutes=20), user="admin")  # admin again: quiet
        trail.create_user("svc-x", T0 - timedelta(minutes=10))  # ci-deploy never did: alarm
        trail.launch(T0 - timedelta(minutes=5), region="ap-northeast-2")  # a region with no history: alarm
        assert watched.poll()
    [alert] = watched.alerts()
    text = watched.final(alert.args["_ts"]).all_text()
    assert "created user `svc-x`" in text and "in ap-northeast-2" in text
    assert "new-hire" not in text and "p3.8xlarge" not in text
    streams = _streams(watched)
    assert {s.seeded_until for s in streams.values() if s.seeded_until} == {T0 - RULES.first_window}
    assert streams["iam"].polled_until == streams["eu-west-1"].polled_until == T0


def test_a_restart_resumes_from_the_checkpoint_with_no_duplicate_and_no_gap(watched):
    """CloudTrail shows events late (up to ~15 min): an event recorded before the last checkpoint but
    delivered after it is still read, once; events already alerted are not alerted again."""
    with freeze_time(T0) as clock:
        first = _root_call(watched, T0 - timedelta(minutes=8))
        watched.poll()
        clock.move_to(T0 + timedelta(minutes=5))
        second = _root_call(watched, T0 + timedelta(minutes=3), "RunInstances")
        watched.poll()
        watched.restart()  # a new process on the same database
        clock.move_to(T0 + timedelta(minutes=10))
        late = _root_call(watched, T0 + timedelta(minutes=4), "CreateKeyPair")  # shows up only now
        watched.poll()
        clock.move_to(T0 + timedelta(minutes=15))
        watched.poll()  # the overlap reads all three again: nothing new
    for event in (first, second, late):
        assert watched.mentions(event.event_id) == 1, event.name
    assert len(watched.alerts()) == 1  # the root's events within 30 minutes share one thread
    [alert] = watched.alerts()
    assert len(watched.thread(alert.args["_ts"])) == 3  # what happened, then two batches joined
    assert _streams(watched)["us-east-1"].polled_until == T0 + timedelta(minutes=15)


def test_events_over_many_pages_and_regions_are_all_read(watched):
    trail = watched.trail
    with freeze_time(T0):
        for region in ("us-east-1", "eu-west-1", "ap-northeast-2"):
            trail.launch(T0 - timedelta(days=10), region=region)  # every region in use
        for i in range(120):  # 3 pages of LookupEvents in eu-west-1, one launch per principal: no burst
            trail.launch(T0 - timedelta(minutes=50) + timedelta(seconds=20 * i), user=f"build-{i}")
        for i in range(60):
            trail.launch(
                T0 - timedelta(minutes=40) + timedelta(seconds=20 * i),
                region="ap-northeast-2",
                user=f"batch-{i}",
            )
        oldest = trail.launch(
            T0 - timedelta(minutes=55), kind="g5.12xlarge", user="miner"
        )  # on the last page
        watched.poll()
    pages = [p for op, region in watched.apis.calls if op == "LookupEvents" for p in [region]]
    assert pages.count("eu-west-1") >= 3 + 7  # 3 pages of RunInstances, one of each other chain
    with watched.services.store.tx() as tx:
        assert tx.scalar(select(func.count()).select_from(WatchEvent)) == 181
    [alert] = watched.alerts()
    assert "g5.12xlarge" in alert.all_text() and "miner" in alert.all_text()
    assert watched.mentions(oldest.event_id) == 1


def test_a_burst_spread_over_two_polls_raises_one_alert(watched):
    trail = watched.trail
    with freeze_time(T0) as clock:
        trail.launch(T0 - timedelta(days=5))  # eu-west-1 in use
        watched.poll()
        for i in range(3):
            trail.launch(T0 + timedelta(minutes=1 + i), 2, key="AKIALEAKEDKEY0000001")
        clock.move_to(T0 + timedelta(minutes=5))
        watched.poll()
        assert watched.alerts() == []  # 3 launches, 6 instances: below both thresholds
        for i in range(2):
            trail.launch(T0 + timedelta(minutes=6 + i), 2, key="AKIALEAKEDKEY0000001")
        clock.move_to(T0 + timedelta(minutes=10))
        watched.poll()
        [alert] = watched.alerts()
        assert "10 instance(s) launched in 5 RunInstances call(s)" in alert.all_text()
        trail.launch(T0 + timedelta(minutes=12), 2, key="AKIALEAKEDKEY0000001")
        clock.move_to(T0 + timedelta(minutes=15))
        watched.poll()
    assert len(watched.alerts()) == 1  # the sixth launch joined the thread
    replies = watched.thread(alert.args["_ts"])
    assert "12 instance(s) launched in 6 RunInstances call(s)" in replies[-1].all_text()


def test_a_region_that_cannot_be_read_costs_only_itself_and_is_caught_up_later(watched, caplog):
    watched.apis.denied.add(("LookupEvents", "ap-northeast-2"))
    original = watched.fake._handlers[("cloudtrail", "LookupEvents")]

    def opt_in(params, region):
        if region == "eu-west-1" and opted_out:
            raise FakeError("OptInRequired", "The region is not enabled for this account")
        return original(params, region)

    opted_out = True
    watched.fake.on("cloudtrail", "LookupEvents")(opt_in)
    watched.restart()  # new clients pick up the handler
    with freeze_time(T0) as clock:
        _root_call(watched, T0 - timedelta(minutes=5))
        caplog.set_level("WARNING", logger="bot.watch")
        watched.poll()
        assert len(watched.alerts()) == 1  # us-east-1 was read despite the other two
        streams = _streams(watched)
        assert "access denied" in streams["ap-northeast-2"].error
        assert "region not enabled (OptInRequired)" in streams["eu-west-1"].error
        assert streams["eu-west-1"].polled_until is None
        missed = _root_call(watched, T0 + timedelta(minutes=2), region="eu-west-1")
        clock.move_to(T0 + timedelta(minutes=5))
        watched.poll()
        warnings = [r for r in caplog.records if "cannot read demo/eu-west-1" in r.getMessage()]
        assert len(warnings) == 1  # logged when it started failing, not every cycle
        [reminder] = [
            r
            for r in collect(watched.services.store, watched.services.accounts[0])
            if "cannot read" in r.text
        ]
        assert "`eu-west-1`" in reminder.text and "`ap-northeast-2`" in reminder.text
        opted_out = False
        clock.move_to(T0 + timedelta(minutes=10))
        watched.poll()
    assert watched.mentions(missed.event_id) == 1  # read once the region answered again
    assert _streams(watched)["eu-west-1"].error is None


def test_no_channel_means_no_watching(aws, tmp_path):
    from bot.devtools.harness import Harness
    from bot.scheduler import JOBS

    with Harness(base_session=aws) as h:  # neither ALERT_CHANNEL nor DIGEST_CHANNEL
        settings = h.services.settings
        assert [j.name for j in JOBS if j.name.startswith("watch.") and j.trigger(settings) is not None] == []
        h.command("/aws-help")
        assert any("Takeover alarm: off" in c.all_text() for c in h.slack.messages())
    with Harness(base_session=aws, settings={"digest_channel": "C0DIGEST01", "watch_interval": 120}) as h:
        jobs = {j.name: j.trigger(h.services.settings) for j in JOBS if j.name.startswith("watch.")}
        assert "interval[0:02:00]" in str(jobs["watch.cloudtrail"]) and jobs["watch.renotify"] is not None
        h.command("/aws-help")
        assert any(
            "alerts in <#C0DIGEST01> (CloudTrail polled every 2 min)" in c.all_text()
            for c in h.slack.messages()
        )


def test_an_account_whose_role_cannot_be_assumed_is_reported_and_the_others_still_watched(aws, tmp_path):
    from botocore.exceptions import ClientError
    from watch_helpers import ALERTS, Trail

    from bot.aws.fakes import FakeAws
    from bot.devtools.harness import DEMO_ACCOUNT, Harness
    from bot.scheduler import Scheduler

    broken = {
        "name": "broken",
        "account_id": "210987654321",
        "audit_role_arn": "arn:aws:iam::210987654321:role/ChatOpsAudit",
        "external_id": "broken-external-id",
    }

    def refuse_broken(client, service, region):
        def refuse(params, **_):
            if params.get("RoleArn") == broken["audit_role_arn"]:
                raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "AssumeRole")

        if service == "sts":
            client.meta.events.register("provide-client-params.sts.AssumeRole", refuse)

    trail, fake = Trail(), FakeAws()
    trail.apis.attach_to(fake)
    settings = {"alert_channel": ALERTS}
    hooks = [fake.attach, refuse_broken]
    with (
        freeze_time(T0),
        Harness(accounts=[broken, DEMO_ACCOUNT], settings=settings, base_session=aws, aws_hooks=hooks) as h,
    ):
        trail.event("ConsoleLogin", T0 - timedelta(minutes=2), source="signin.amazonaws.com", **ROOT)
        assert Scheduler(h.services).run("watch.cloudtrail")
        assert [c for c in h.slack.called("chat.postMessage") if "The root user" in c.all_text()]
        [reminder] = [r for r in collect(h.services.store, h.services.accounts[0]) if "cannot read" in r.text]
    assert "`role`" in reminder.text and "Could not assume `ChatOpsAudit` in `broken`" in reminder.text
