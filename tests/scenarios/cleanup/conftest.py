"""A bot on real HTTP (dry-run, or execute mode) with an Elastic IP to clean up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.scenarios.cleanup.helpers import AwsCalls, Bot, make_bot


@pytest.fixture
def calls() -> AwsCalls:
    return AwsCalls()


@pytest.fixture
def bot(aws, calls) -> Iterator[Bot]:
    with make_bot(aws, calls) as h:
        yield Bot(h, calls)


@pytest.fixture
def execute_bot(aws, calls) -> Iterator[Bot]:
    with make_bot(aws, calls, cleanup_mode="execute") as h:
        yield Bot(h, calls)


@pytest.fixture
def address(aws) -> dict[str, Any]:
    return aws.client("ec2", region_name="us-east-1").allocate_address(Domain="vpc")
