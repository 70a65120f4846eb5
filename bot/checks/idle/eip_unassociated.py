"""Elastic IPs associated with nothing: AWS bills every public IPv4 address by the hour."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.idle.thresholds import Thresholds
from bot.checks.idle.waste import Charge, Waste, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.ec2 import Address
from bot.pricing.keys import HOURS_PER_MONTH, PriceKey

ID = "idle.eip_unassociated"


@check(
    ID,
    title="Elastic IPs",
    collectors=["ec2.addresses"],
    threshold="not associated with any instance or network interface",
    rationale="An idle public IPv4 address is billed hourly (about $3.65 a month) and serves nothing. "
    "Estimate: 730 h × the region's idle public IPv4 price.",
    actions=["ec2.release_address"],
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    address: Address
    for address in view.get("ec2.addresses"):
        if address.association_id or address.network_interface_id or address.service_managed:
            continue
        finding = make(
            ID,
            view.account,
            view.region,
            address.allocation_id,
            "not associated with anything",
            action="ec2.release_address",
            facts={"public_ip": address.public_ip, "association_id": None},
            age_days=None,
            size=address.public_ip,
        )
        yield Waste(finding, (Charge(PriceKey("ipv4", view.region), HOURS_PER_MONTH),))
