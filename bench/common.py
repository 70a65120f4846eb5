"""What the benchmarks share: the 17-region account, injected latency, and the figures table."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

REGIONS_17 = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2",
    "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1",
]  # fmt: skip

LATENCY = float(os.environ.get("BENCH_LATENCY", "0.05"))


def bench_env() -> None:
    """A benchmark process: no real AWS credentials or endpoint; the GC tuned as `python -m bot` tunes it."""
    from bot.runtime import tune_gc

    tune_gc()
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
        MOTO_EC2_LOAD_DEFAULT_AMIS="false",
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)


def bench_account(regions: list[str] = REGIONS_17) -> dict:
    return {
        "name": "bench",
        "account_id": "123456789012",
        "audit_role_arn": "arn:aws:iam::123456789012:role/ChatOpsAudit",
        "external_id": "bench-external-id",
        "cleanup_role_arn": "arn:aws:iam::123456789012:role/ChatOpsCleanup",
        "regions": regions,
        "default": True,
    }


@dataclass
class Figure:
    name: str
    value: str
    target: str = ""
    ok: bool | None = None


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)

    def add(self, name: str, value: str, target: str = "", ok: bool | None = None) -> None:
        self.figures.append(Figure(name, value, target, ok))

    def print(self) -> None:
        width = max(len(f.name) for f in self.figures)
        vwidth = max(len(f.value) for f in self.figures)
        print(f"\n{'figure'.ljust(width)}  {'measured'.ljust(vwidth)}  target")
        print(f"{'-' * width}  {'-' * vwidth}  ------")
        for f in self.figures:
            mark = "" if f.ok is None else (" ✓" if f.ok else " ✗ MISSED")
            print(f"{f.name.ljust(width)}  {f.value.ljust(vwidth)}  {f.target}{mark}")


@contextmanager
def timed() -> Iterator[Callable[[], float]]:
    started = time.perf_counter()
    elapsed: list[float] = []
    yield lambda: elapsed[0] if elapsed else time.perf_counter() - started
    elapsed.append(time.perf_counter() - started)
