import pytest

from bot.accounts import parse_accounts
from bot.audit.collect import collect_audit
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.devtools.aws_faults import AwsFaults
from bot.errors import UserError


def test_regions_that_cannot_be_listed_are_a_clear_sentence_not_a_traceback(aws, account, store):
    del account["regions"]  # every enabled region: needs ec2:DescribeRegions
    faults = AwsFaults().fail("UnauthorizedOperation", service="ec2", operation="DescribeRegions")
    session = AwsAccess(aws, client_hooks=[faults.attach]).for_account(parse_accounts([account])[0], "U1")
    with pytest.raises(UserError, match=r"enabled regions .*access denied.*`regions:`"):
        collect_audit(session, FanOut(2), store=store)
