from dataclasses import dataclass

import boto3
import pytest

from bot.accounts import parse_accounts
from bot.aws.fakes import FakeAws
from bot.aws.session import AccountSession, AwsAccess
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.fake_audit import FakeAuditApis


@dataclass
class World:
    base: boto3.Session  # moto, as the account's owner (seeding)
    session: AccountSession  # the bot, through the audit role
    apis: FakeAuditApis
    faults: AwsFaults


@pytest.fixture
def world(aws, account):
    apis = FakeAuditApis()
    fake = apis.attach_to(FakeAws())
    faults = AwsFaults()
    access = AwsAccess(aws, client_hooks=[fake.attach, faults.attach])
    return World(aws, access.for_account(parse_accounts([account])[0], "U1"), apis, faults)
