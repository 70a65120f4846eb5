"""The takeover account, served by moto in a process of its own (`python -m bench.moto_server`).

moto answers in this process, so its CPU does not fight the bot for the GIL and the bot process's
CPU and memory are the bot's own, as against AWS. Resources are seeded straight into moto's backends
and through in-process boto3 (seeding 7,000 resources over HTTP would take minutes and measure
moto), then the same backends are served over HTTP. One JSON line on stdout says where, and what
was seeded (the IDs the bot process needs to write the matching CloudTrail history); the server
stops when stdin closes.

moto renders every answer itself, in this one process under one GIL: a describe of 300 snapshots
costs it tens of milliseconds of CPU, and a full idle scan seconds — work AWS does on its side, in
parallel. So that moto's CPU does not stand in for AWS's latency, each read (Describe/List/Get,
any GET) is rendered by moto once and served again from a cache: the benchmarks only read, and
each measures a first run (which fills the cache) apart from the runs it reports. STS is never
cached (its answers depend on the caller's key). The latency itself is added in the bot process.

The account: 17 regions; 999 instances launched by an intruder in minutes two days ago (half with
termination protection, GPU types in regions the team never used); 50 ECS clusters created in the
same minutes; 5,000 snapshots (two in three outliving their volume) and 2,000 volumes, months old;
a NAT gateway, addresses and log groups per region; 200 IAM users with keys (one of them the
intruder's, generated-looking, an administrator); ten buckets (one public); GuardDuty in the team's
three home regions.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import sys
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

ACCOUNT_ID = "123456789012"
INSTANCES = 999
ECS_CLUSTERS = 50
SNAPSHOTS = 5000
VOLUMES = 2000
IAM_USERS = 200
HOME_REGIONS = ("us-east-1", "eu-west-1", "ap-northeast-2")
INTRUDER = "svc-q7x2k9m4"
AMI = "ami-0bench00000000000"
GPU_TYPES = ("p3.8xlarge", "g4dn.12xlarge", "p3.2xlarge")


def _spread(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def seed(regions: list[str], now: datetime) -> dict[str, Any]:
    """Seed moto (under mock_aws, in this process) and return what the bot process needs to know."""
    import boto3
    from freezegun import freeze_time

    from bot.devtools.moto_clock import set_key_used, set_launch_time, set_user_created

    session = boto3.Session(region_name="us-east-1")
    old = now - timedelta(days=120)
    with freeze_time(old):
        _storage(regions)
        for region in regions:
            _network(session, region)
    attack = now - timedelta(days=2)
    instances: dict[str, list[dict[str, Any]]] = {}
    for n, (region, count) in enumerate(zip(regions, _spread(INSTANCES, len(regions)), strict=True)):
        kind = GPU_TYPES[n % len(GPU_TYPES)] if region not in HOME_REGIONS else "c5.4xlarge"
        instances[region] = []
        for protected, batch in ((True, count // 2 + count % 2), (False, count // 2)):
            answer = session.client("ec2", region).run_instances(
                ImageId=AMI,
                MinCount=batch,
                MaxCount=batch,
                InstanceType=kind,
                DisableApiTermination=protected,
            )
            ids = [i["InstanceId"] for i in answer["Instances"]]
            set_launch_time(ACCOUNT_ID, region, ids, attack)
            instances[region] += [{"id": i, "type": kind, "protected": protected} for i in ids]
    clusters: dict[str, list[str]] = {}
    for region, count in zip(regions, _spread(ECS_CLUSTERS, len(regions)), strict=True):
        ecs = session.client("ecs", region)
        clusters[region] = [
            ecs.create_cluster(clusterName=f"mining-{region}-{i}")["cluster"]["clusterName"]
            for i in range(count)
        ]
    iam = session.client("iam")
    users: dict[str, str] = {}
    for i in range(IAM_USERS - 1):
        name = f"dev-{i:03d}"
        iam.create_user(UserName=name)
        users[name] = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
        set_user_created(ACCOUNT_ID, name, now - timedelta(days=100 + i))
        set_key_used(ACCOUNT_ID, name, now - timedelta(days=i % 30), service="s3")
    iam.create_user(UserName=INTRUDER)
    users[INTRUDER] = iam.create_access_key(UserName=INTRUDER)["AccessKey"]["AccessKeyId"]
    admin = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    iam.put_user_policy(UserName=INTRUDER, PolicyName="ops", PolicyDocument=json.dumps(admin))
    set_user_created(ACCOUNT_ID, INTRUDER, attack - timedelta(hours=1))
    s3 = session.client("s3", "us-east-1")
    for i in range(10):
        s3.create_bucket(Bucket=f"bench-bucket-{i}")
    public = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::bench-bucket-9/*",
    }
    policy = json.dumps({"Version": "2012-10-17", "Statement": [public]})
    s3.put_bucket_policy(Bucket="bench-bucket-9", Policy=policy)
    for region in HOME_REGIONS:
        session.client("guardduty", region).create_detector(Enable=True)
    return {"instances": instances, "clusters": clusters, "users": users, "intruder": INTRUDER}


def _storage(regions: list[str]) -> None:
    """Snapshots and volumes straight into moto's EC2 backends (the same records boto3 would make)."""
    from moto.ec2.models import ec2_backends

    snapshots = _spread(SNAPSHOTS, len(regions))
    volumes = _spread(VOLUMES, len(regions))
    for region, n_snapshots, n_volumes in zip(regions, snapshots, volumes, strict=True):
        backend = ec2_backends[ACCOUNT_ID][region]
        zone = f"{region}a"
        kept = 0
        for n in range(n_snapshots):
            source = backend.create_volume(size=20 + n % 400, zone_name=zone, volume_type="gp2")
            backend.create_snapshot(source.id, f"nightly {n}")
            if n % 3:  # two in three snapshots outlived their volume
                backend.delete_volume(source.id)
            else:
                kept += 1
        for n in range(max(n_volumes - kept, 0)):
            backend.create_volume(size=50 + n % 900, zone_name=zone, volume_type="gp2" if n % 2 else "gp3")


def _network(session: Any, region: str) -> None:
    ec2 = session.client("ec2", region_name=region)
    for _ in range(5):
        ec2.allocate_address(Domain="vpc")
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    address = ec2.allocate_address(Domain="vpc")
    ec2.create_nat_gateway(SubnetId=subnet, AllocationId=address["AllocationId"])
    logs = session.client("logs", region_name=region)
    for n in range(10):
        logs.create_log_group(logGroupName=f"/bench/{region}/{n}")


READS = ("Describe", "List", "Get")


class ReadCache:
    """WSGI middleware: identical reads get moto's first answer to them (only 200s are kept)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.answers: dict[tuple[str, ...], tuple[str, list[tuple[str, str]], bytes]] = {}
        self.hits = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        key = _read_key(environ, body)
        if key is not None and key in self.answers:
            status, headers, data = self.answers[key]
            self.hits += 1
            start_response(status, headers)
            return [data]
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, headers
            return lambda chunk: None

        data = b"".join(self.app(environ, capture))
        if key is not None and seen["status"].startswith("200"):
            self.answers[key] = (seen["status"], seen["headers"], data)
        start_response(seen["status"], seen["headers"])
        return [data]


def _read_key(environ: dict[str, Any], body: bytes) -> tuple[str, ...] | None:
    """(region, service, method, path, query, body) for a read; None for anything else."""
    scope = re.search(r"Credential=[^/]+/\d+/([^/]+)/([^/]+)/", environ.get("HTTP_AUTHORIZATION", ""))
    region, service = scope.groups() if scope else ("", "")
    if service == "sts":
        return None
    method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
    action = re.search(rb"(?:^|&)Action=(\w+)", body)
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if action:
        operation = action.group(1).decode()
    else:
        operation = target.rsplit(".", 1)[-1] if target else path.rsplit("/", 1)[-1]
    if method != "GET" and not operation.startswith(READS):
        return None
    return (region, service, method, path, environ.get("QUERY_STRING", ""), body.decode("latin-1"))


def serve(cache: ReadCache) -> Any:
    """moto's own threaded server (as `ThreadedMotoServer` builds it), with the cache in front."""
    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, cache, threaded=True, request_handler=MotoRequestHandler)
    threading.Thread(target=server.serve_forever, name="moto", daemon=True).start()
    return server


def main() -> int:
    from moto import mock_aws
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    from bench.common import REGIONS_17

    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
        MOTO_EC2_LOAD_DEFAULT_AMIS="false",
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    now = datetime.now(UTC).replace(microsecond=0)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    with mock_aws():  # the backends this process serves; seeded in-process, without HTTP
        seeded = seed(REGIONS_17, now)
        server = serve(ReadCache(DomainDispatcherApplication(create_backend_app)))
        host, port = server.server_address[:2]
        ready = {"endpoint": f"http://{host}:{port}", "pid": os.getpid(), "now": now.isoformat(), **seeded}
        print(json.dumps(ready), flush=True)
        sys.stdin.read()  # serve until the bench closes our stdin (or exits)
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
