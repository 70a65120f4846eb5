"""While every scan slot is taken: parents still go up at once, and quick answers never wait behind scans."""

import threading

from bot.aws.fakes import FakeAws, FakeError
from bot.devtools.harness import ALICE, BOB, Harness


def test_a_queued_command_says_so_and_help_answers_while_a_scan_runs(aws, account):
    release = threading.Event()
    fake = FakeAws()

    @fake.on("ce", "GetCostAndUsage")
    def slow(params, region):  # the first Cost Explorer read hangs until the test lets it go
        release.wait(20)
        raise FakeError("AccessDeniedException", "not allowed", 400)

    with Harness(
        accounts=[account], base_session=aws, aws_hooks=[fake.attach], settings={"job_workers": 1}
    ) as bot:
        try:
            assert bot.command("/aws-cost", user=ALICE, wait=False).status == 200
            assert bot.slack.wait_for(lambda s: len(s.parents()) == 1)
            first = bot.slack.parents()[0]
            assert "Queued" not in first.all_text()  # a free slot: it started at once
            assert bot.slack.wait_for(lambda s: bot.services.jobs.scans() == (1, 0))
            assert bot.command("/aws-cost", user=BOB, wait=False).status == 200
            assert bot.slack.wait_for(lambda s: len(s.parents()) == 2)
            queued = bot.slack.parents()[1]
            assert "Queued behind 1 other scan (at most 1 run at once)" in queued.all_text()
            bot.command("/aws-help", wait=False)
            assert bot.slack.wait_for(lambda s: len(s.parents()) == 3)
            helped = bot.slack.parents()[2]
            assert bot.slack.wait_for(lambda s: "/aws-audit" in s.final(helped.args["_ts"]).all_text())
            assert not release.is_set()  # answered while the scan still held its slot
        finally:
            release.set()
        bot.wait()
        answer = bot.slack.final(queued.args["_ts"])
        assert "Queued" not in answer.all_text()  # the queued command ran and answered in place
