"""`/aws-idle` rendered: within Block Kit limits at any size, every item once, buttons carrying offer IDs."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from freezegun import freeze_time

from bot.accounts import parse_accounts
from bot.aws.errors import AwsProblem, ProblemKind
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.checks.idle.scan import Gap, IdleReport, scan
from bot.checks.registry import checks_of
from bot.model import Finding, Severity
from bot.pricing.book import PriceBook
from bot.render.blocks import violations
from bot.render.idle import BUTTONS_PER_CHECK, TABLE_ROWS, offer_plan, render_idle

REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-2"]
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _everything(messages):
    return "\n".join(str(m.blocks) + m.text for m in messages)


def _buttons(message):
    found = []
    for block in message.blocks:
        for element in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else []):
            if element.get("type") == "button":
                found.append(element)
    return found


@pytest.fixture(scope="module")
def big_report():
    """300 idle snapshots and 150 unattached volumes over three regions, scanned for real in moto."""
    from moto import mock_aws

    with mock_aws(), freeze_time(NOW - timedelta(days=120)) as clock:
        import boto3

        base = boto3.Session(region_name="us-east-1")
        for index, region in enumerate(REGIONS):
            ec2 = base.client("ec2", region_name=region)
            zone = f"{region}a"
            for n in range(50 + 50 * index):  # 50, 100, 150 snapshots
                vol = ec2.create_volume(AvailabilityZone=zone, Size=10 + n)["VolumeId"]
                ec2.create_snapshot(VolumeId=vol)
                ec2.delete_volume(VolumeId=vol)
            for n in range(50):
                ec2.create_volume(AvailabilityZone=zone, Size=100 + n, VolumeType="gp3")
        clock.move_to(NOW)
        account = {
            "name": "big",
            "account_id": "123456789012",
            "audit_role_arn": "arn:aws:iam::123456789012:role/ChatOpsAudit",
            "external_id": "big-external-id",
            "regions": REGIONS,
        }
        session = AwsAccess(base).for_account(parse_accounts([account])[0], "U1")
        pool = FanOut(8)
        try:
            checks = [
                c for c in checks_of("idle") if c.id in ("idle.snapshot_orphaned", "idle.ebs_volume_idle")
            ]
            yield scan(session, pool, price_book=PriceBook(), checks=checks)
        finally:
            pool.shutdown()


def test_hundreds_of_items_fit_block_kit_overflow_to_csv_and_appear_once(big_report):
    assert len(big_report.findings) == 450
    offers = {spec.key: f"of_{i:04d}" for i, spec in enumerate(offer_plan(big_report))}
    parent, thread = render_idle(big_report, offers=offers)
    for message in [parent, *thread]:
        assert violations(message.blocks) == [], message.text
        assert len(message.text) <= 3000
    assert len(thread) == 2  # one reply per check with items
    blocks_text = _everything(thread)
    for finding in big_report.findings:
        shown = blocks_text.count(finding.resource_id)
        assert shown <= 1, f"{finding.resource_id} listed {shown} times"
    for reply in thread:
        (csv,) = reply.files
        rows = csv.content().splitlines()[1:]
        assert len(rows) == len({r.split(",")[0] for r in rows})  # each item once in the CSV
    snapshots = next(r for r in thread if r.text.startswith("EBS snapshots"))
    ids_in_csv = {line.split(",")[0] for line in snapshots.files[0].content().splitlines()[1:]}
    assert ids_in_csv == {f.resource_id for f in big_report.findings if f.check == "idle.snapshot_orphaned"}
    assert f"Showing {BUTTONS_PER_CHECK + TABLE_ROWS} of 300" in str(snapshots.blocks)


def test_top_items_get_buttons_and_one_button_covers_all(big_report):
    specs = offer_plan(big_report)
    offers = {spec.key: f"of_{i:04d}" for i, spec in enumerate(specs)}
    _, thread = render_idle(big_report, offers=offers)
    for reply in thread:
        buttons = _buttons(reply)
        assert len(buttons) == BUTTONS_PER_CHECK + 1
        assert all(b["action_id"].startswith("cleanup.request") for b in buttons)
        assert len({b["action_id"] for b in buttons}) == len(buttons)  # unique within the message
        assert all(re.fullmatch(r"of_\d{4}", b["value"]) for b in buttons)  # an offer ID, nothing else
        assert re.fullmatch(r"Request cleanup of all (300|150)", buttons[-1]["text"]["text"])
    covering = [s for s in specs if s.key.startswith("check:")]
    assert sorted(len(s.findings) for s in covering) == [150, 300]


def _finding(check, resource, cost, *, action="ec2.delete_volume", estimated=False, region="us-east-1"):
    return Finding(
        check=check,
        severity=Severity.LOW,
        account="demo",
        region=region,
        resource_id=resource,
        title="unattached",
        evidence={"age_days": 12, "size": "100 GiB gp2", "price_basis": "100 GB-Mo × $0.10"},
        monthly_cost=None if cost is None else Decimal(cost),
        estimated=estimated,
        action=action,
    )


def _report(findings, gaps=(), regions=REGIONS):
    return IdleReport(
        account="demo",
        account_id="123456789012",
        regions=list(regions),
        checks=checks_of("idle"),
        findings=list(findings),
        gaps=list(gaps),
        notes={},
        prices="Prices: AWS Price List, on-demand, per region.",
        prices_live=True,
        scanned_at=NOW,
    )


def test_parent_says_the_total_its_share_of_last_month_and_the_top_items():
    report = _report(
        [
            _finding("idle.ebs_volume_idle", "vol-0big", "400.00"),
            _finding(
                "idle.snapshot_orphaned", "snap-0old", "100.00", action="ec2.delete_snapshot", estimated=True
            ),
        ]
    )
    parent, _ = render_idle(report, last_month=Decimal("5000"))
    text = str(parent.blocks)
    assert "≈ $500.00/month" in parent.blocks[0]["text"]["text"]  # one estimate makes the total one
    assert "*10%* of last month's bill ($5,000.00)" in text
    assert text.index("vol-0big") < text.index("snap-0old")
    assert "EBS volumes" in text and "1 · $400.00" in text and "1 · ≈ $100.00" in text
    unknown, _ = render_idle(report, last_month=None)
    assert "last month" not in str(unknown.blocks)


def test_nothing_found_says_so_with_the_regions_that_could_not_be_read():
    gap = Gap(
        "ap-northeast-2", "ec2.volumes", AwsProblem(ProblemKind.REGION_DISABLED, "OptInRequired", ""), ()
    )
    parent, thread = render_idle(_report([], [gap]))
    assert parent.text == "Nothing idle found in demo"
    assert "ap-northeast-2" in str(parent.blocks) and "OptInRequired" in str(parent.blocks)
    assert len(thread) == 1 and "Could not read" in thread[0].text


def test_seventeen_unreadable_regions_stay_short_in_the_parent_and_complete_in_the_thread():
    regions = [f"xx-region-{n}" for n in range(17)]
    problem = AwsProblem(ProblemKind.ACCESS_DENIED, "AccessDenied", "")
    gaps = [
        Gap(r, name, problem, ("idle.x",)) for r in regions for name in ("ec2.volumes", "elb.load_balancers")
    ]
    parent, thread = render_idle(_report([_finding("idle.ebs_volume_idle", "vol-1", "1.00")], gaps, regions))
    assert violations(parent.blocks) == [] and "and 12 more" in str(parent.blocks)
    assert all(r in str(thread[-1].blocks) for r in regions)


def test_right_size_and_advice_only_items_get_the_right_buttons():
    report = _report(
        [
            _finding("idle.ebs_gp2_to_gp3", "vol-gp2a", "20.00", action="ec2.modify_volume_gp3"),
            _finding("idle.ebs_gp2_to_gp3", "vol-gp2b", "10.00", action="ec2.modify_volume_gp3"),
            _finding("idle.rds_idle", "reports-db", "182.50", action=None),
            _finding("idle.ec2_low_cpu", "i-0quiet", None, action="ec2.stop_instance"),
        ]
    )
    offers = {spec.key: f"of_{i}" for i, spec in enumerate(offer_plan(report))}
    _, thread = render_idle(report, offers=offers)
    by_title = {m.text.split(":")[0]: m for m in thread}
    assert [b["text"]["text"] for b in _buttons(by_title["gp2 → gp3"])] == [
        "Request gp3 change",
        "Request gp3 change",
        "Request gp3 change: all 2",
    ]
    assert _buttons(by_title["RDS instances"]) == []  # advice only: no action in the catalog
    assert [b["text"]["text"] for b in _buttons(by_title["Over-provisioned EC2 instances"])] == [
        "Request stop"
    ]
    assert "price unknown" in str(by_title["Over-provisioned EC2 instances"].blocks)
