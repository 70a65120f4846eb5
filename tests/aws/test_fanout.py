import threading
import time

from bot.accounts import parse_accounts
from bot.aws.errors import ProblemKind
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.devtools.aws_faults import AwsFaults

REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-2", "ap-east-1", "sa-east-1"]


def _session(aws, account, faults):
    account["regions"] = REGIONS
    return AwsAccess(aws, client_hooks=[faults.attach]).for_account(parse_accounts([account])[0], "U1")


def _count_vpcs(session):
    def run(region):
        paginator = session.client("ec2", region).get_paginator("describe_vpcs")
        return sum(len(page["Vpcs"]) for page in paginator.paginate())

    return run


def test_disabled_and_throttled_regions_are_errors_while_others_answer(aws, account):
    faults = AwsFaults().fail("OptInRequired", region="ap-east-1").fail("Throttling", region="sa-east-1")
    session = _session(aws, account, faults)
    results = FanOut(8).per_region(session.regions(), _count_vpcs(session))
    assert list(results) == REGIONS
    ok = {r: res.value for r, res in results.items() if res.ok}
    assert ok == {"us-east-1": 1, "eu-west-1": 1, "ap-northeast-2": 1}  # moto's default VPC
    assert results["ap-east-1"].error.kind is ProblemKind.REGION_DISABLED
    assert results["sa-east-1"].error.kind is ProblemKind.THROTTLED
    # throttling was retried to the limit before giving up; a disabled region is not retried
    assert faults.calls[("ec2", "sa-east-1", "DescribeVpcs")] == 10
    assert faults.calls[("ec2", "ap-east-1", "DescribeVpcs")] == 1


def test_ten_percent_throttling_loses_nothing(aws, account):
    faults = AwsFaults(seed=3).fail("RequestLimitExceeded", rate=0.10)
    session = _session(aws, account, faults)
    results = FanOut(8).run(
        {(region, i): (lambda r=region: _count_vpcs(session)(r)) for region in REGIONS for i in range(20)}
    )
    assert all(result.ok for result in results.values())
    assert sum(faults.injected.values()) > 5  # throttles really happened


def test_access_denied_on_one_service_is_reported_not_fatal(aws, account):
    faults = AwsFaults().fail("AccessDenied", service="iam")
    session = _session(aws, account, faults)
    results = FanOut(4).run(
        {
            "vpcs": lambda: _count_vpcs(session)("us-east-1"),
            "users": lambda: session.client("iam").list_users()["Users"],
        }
    )
    assert results["vpcs"].value == 1
    assert results["users"].error.kind is ProblemKind.ACCESS_DENIED
    assert "audit role lacks this permission" in results["users"].error.describe()


def test_runs_in_parallel_bounded_by_the_pool():
    running, peak, lock = [0], [0], threading.Lock()

    def task():
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return True

    results = FanOut(4).run({i: task for i in range(12)})
    assert all(r.value for r in results.values())
    assert peak[0] == 4


def test_nested_fan_out_runs_inline_instead_of_deadlocking():
    pool = FanOut(2)
    results = pool.run({i: (lambda: pool.run({j: (lambda j=j: j) for j in range(3)})) for i in range(4)})
    assert [sorted(r.value) for r in results.values()] == [[0, 1, 2]] * 4


def test_progress_is_reported_per_key():
    done = []
    FanOut(2).per_region(["a", "b", "c"], str.upper, on_done=lambda key, result: done.append(key))
    assert sorted(done) == ["a", "b", "c"]


def test_a_bug_in_a_task_is_an_error_result():
    results = FanOut(2).run({"bad": lambda: 1 / 0, "good": lambda: 2})
    assert results["good"].value == 2
    assert results["bad"].error.kind is ProblemKind.ERROR and results["bad"].error.code == "ZeroDivisionError"
