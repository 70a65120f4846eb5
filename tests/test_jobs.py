"""The job runner's two lanes: scans queue among themselves; everything else never waits behind them."""

import threading

from bot.jobs import JobRunner


def test_quick_jobs_run_while_every_scan_slot_is_taken():
    jobs = JobRunner(1, quick_workers=2)
    release, started, quick_ran = threading.Event(), threading.Event(), threading.Event()
    try:
        jobs.submit("audit", lambda: (started.set(), release.wait(10)), scan=True)
        assert started.wait(5)
        jobs.submit("audit", lambda: None, scan=True)
        assert jobs.scans() == (1, 1)  # one running, one waiting for the slot
        jobs.submit("help", quick_ran.set)
        assert quick_ran.wait(5)  # not behind the scans
    finally:
        release.set()
    assert jobs.wait_idle(5)
    assert jobs.scans() == (0, 0)
    jobs.shutdown()


def test_a_quick_job_that_hands_over_to_a_scan_counts_until_the_scan_ends():
    jobs = JobRunner(1)
    done = []
    jobs.submit("start", lambda: jobs.submit("work", lambda: done.append("scan"), scan=True))
    assert jobs.wait_idle(5)
    assert done == ["scan"]
    jobs.shutdown()


def test_a_failing_scan_is_reported_with_a_reference_and_frees_its_slot():
    jobs = JobRunner(1)
    reported = []
    jobs.submit("audit", lambda: 1 / 0, on_error=reported.append, scan=True)
    assert jobs.wait_idle(5)
    assert len(reported) == 1 and len(reported[0]) == 8  # the reference in the log
    assert jobs.scans() == (0, 0)
    jobs.shutdown()
