"""Scenario accounts for the audit: one moto world per module (read-only after seeding), audited as needed."""

from contextlib import contextmanager
from dataclasses import dataclass, field

import boto3
import pytest
from moto import mock_aws

from bot.accounts import parse_accounts
from bot.audit.run import audit_account
from bot.aws.fakes import FakeAws
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.fake_audit import OPERATIONS, FakeAuditApis
from bot.devtools.fake_ce import FakeCostExplorer
from bot.devtools.harness import DEMO_ACCOUNT
from bot.store import Store


@dataclass
class AuditWorld:
    base: boto3.Session
    apis: FakeAuditApis = field(default_factory=FakeAuditApis)
    ce: FakeCostExplorer = field(default_factory=FakeCostExplorer)
    fake: FakeAws = field(default_factory=FakeAws)

    def __post_init__(self):
        self.apis.attach_to(self.fake)
        self.ce.attach_to(self.fake)
        assert all(self.fake.handles(*op) for op in OPERATIONS)  # nothing moto lacks can reach AWS

    def audit(self, store, *, faults=None, account=DEMO_ACCOUNT):
        faults = faults or AwsFaults()
        access = AwsAccess(self.base, client_hooks=[self.fake.attach, faults.attach])
        session = access.for_account(parse_accounts([account])[0], "U0TEST0001")
        progress = []
        report = audit_account(
            session, FanOut(16), store=store, progress=lambda *a: progress.append(a), sleep=lambda s: None
        )
        return report, faults, progress


@contextmanager
def audit_world():
    with mock_aws():
        yield AuditWorld(boto3.Session(region_name="us-east-1"))


@pytest.fixture(scope="module")
def new_audit_world():
    """A function opening a fresh moto world for one module's scenario account."""
    return audit_world


@pytest.fixture(scope="module")
def module_store(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('audit') / 'store.db'}")
    store.migrate()
    yield store
    store.dispose()
