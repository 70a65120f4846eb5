"""What can be priced, and in which unit: the vocabulary shared by checks, the Price List and the table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

HOURS_PER_MONTH = Decimal(730)  # AWS's own convention for monthly estimates (8760 / 12)
GIB = 1024**3


class Source(StrEnum):
    PRICE_LIST = "price-list"  # the region's list price from the AWS Price List API
    BUNDLED = "bundled"  # the bundled table (us-east-1 list prices of a given date)


@dataclass(frozen=True, slots=True)
class PriceKey:
    """One price: `kind` in KINDS, the region, and the variant (volume type, instance type…)."""

    kind: str
    region: str
    variant: str = ""

    @property
    def unit(self) -> str:
        return KINDS[self.kind]

    def describe(self) -> str:
        what = f"{self.kind} {self.variant}".strip()
        return f"{what} in {self.region}"


# kind → unit of its price
KINDS: dict[str, str] = {
    "ebs": "GB-Mo",  # variant: volume type (gp2, gp3, io1, io2, st1, sc1, standard)
    "ebs_iops": "IOPS-Mo",  # variant: gp3 (IOPS above the 3,000 included)
    "ebs_throughput": "MiBps-Mo",  # variant: gp3 (throughput above the 125 MiB/s included)
    "snapshot": "GB-Mo",
    "ipv4": "Hrs",  # an idle public IPv4 address (Elastic IP not associated)
    "nat": "Hrs",
    "lb": "Hrs",  # variant: application | network | classic
    "ec2": "Hrs",  # variant: "<instance type>|<operating system>", e.g. "m5.large|Linux"
    "rds": "Hrs",  # variant: "<class>|<engine>|<Single-AZ or Multi-AZ>", e.g. "db.r5.large|MySQL|Single-AZ"
    "logs": "GB-Mo",  # CloudWatch Logs stored (archived) bytes
}


@dataclass(frozen=True, slots=True)
class Price:
    usd: Decimal  # per unit of the key
    source: Source
    note: str = ""  # why an estimate: e.g. "us-east-1 price; Price List unreachable"

    @property
    def estimated(self) -> bool:
        return self.source is not Source.PRICE_LIST


def ec2_variant(instance_type: str, platform: str) -> str:
    """The operating system as the Price List names it, from EC2's PlatformDetails."""
    text = platform.lower()
    if "windows" in text:
        system = "Windows"
    elif "red hat" in text:
        system = "RHEL"
    elif "suse" in text:
        system = "SUSE"
    else:
        system = "Linux"
    return f"{instance_type}|{system}"


RDS_ENGINES = {
    "mysql": "MySQL",
    "postgres": "PostgreSQL",
    "mariadb": "MariaDB",
    "aurora-mysql": "Aurora MySQL",
    "aurora-postgresql": "Aurora PostgreSQL",
}


def rds_variant(klass: str, engine: str, multi_az: bool) -> str | None:
    """None for engines priced with licences (Oracle, SQL Server, Db2): no single list price to quote."""
    name = RDS_ENGINES.get(engine)
    if name is None:
        return None
    return f"{klass}|{name}|{'Multi-AZ' if multi_az else 'Single-AZ'}"
