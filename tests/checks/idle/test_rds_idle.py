from datetime import timedelta
from decimal import Decimal

import pytest
from idle_helpers import T0, ids

CHECK = "idle.rds_idle"


@pytest.fixture
def database(aws, clock):
    aws.client("rds", region_name="us-east-1").create_db_instance(
        DBInstanceIdentifier="reports",
        DBInstanceClass="db.r5.large",
        Engine="mysql",
        AllocatedStorage=100,
        MasterUsername="admin",
        MasterUserPassword="password-1",
    )
    return "reports"


def _connections(put_metric, values):
    put_metric("AWS/RDS", "DatabaseConnections", {"DBInstanceIdentifier": "reports"}, values)


def test_no_connection_over_14_days_is_idle(database, clock, put_metric, idle):
    clock.move_to(T0 + timedelta(days=20))
    _connections(put_metric, [0] * 14)
    report = idle(CHECK)
    assert ids(report) == {database}
    (finding,) = report.findings
    assert finding.monthly_cost == Decimal("182.50")  # 730 h × $0.25
    assert finding.action is None  # no RDS action in the catalog: advice only


def test_one_connection_is_not_idle(database, clock, put_metric, idle):
    clock.move_to(T0 + timedelta(days=20))
    _connections(put_metric, [0] * 13 + [1])
    assert ids(idle(CHECK)) == set()


def test_young_or_unmeasured_databases_are_not_judged(database, clock, put_metric, idle):
    clock.move_to(T0 + timedelta(days=13))
    _connections(put_metric, [0] * 13)
    assert ids(idle(CHECK)) == set()  # younger than the window
    clock.move_to(T0 + timedelta(days=40))
    assert ids(idle(CHECK)) == set()  # no datapoints in the window: CloudWatch always reports, so unknown
