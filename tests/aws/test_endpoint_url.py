"""AWS_ENDPOINT_URL (boto3's own variable) must keep working: nothing hard-codes an endpoint."""

import boto3
import pytest
from moto.server import ThreadedMotoServer

from bot.accounts import parse_accounts
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess


@pytest.fixture
def moto_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def test_every_call_goes_to_aws_endpoint_url(monkeypatch, moto_server, account):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    seen = []
    base = boto3.Session(region_name="us-east-1")
    base.events.register("before-send", lambda request, **_: seen.append(request.url))
    access = AwsAccess(base)
    session = access.for_account(parse_accounts([account])[0], "U1")
    session.verify()
    results = FanOut(4).per_region(
        session.regions(), lambda r: len(session.client("ec2", r).describe_vpcs()["Vpcs"])
    )
    assert all(result.ok for result in results.values())
    assert seen and all(url.startswith(moto_server) for url in seen)
