"""Meta-tests over the idle checks: each is tested, documented in the README, and names real actions."""

from pathlib import Path

import pytest

from bot.checks.registry import checks_of
from bot.cleanup.catalog import ACTIONS
from bot.collect.registry import get_collector

ROOT = Path(__file__).resolve().parents[3]
CHECKS = checks_of("idle")


def test_there_is_a_check_per_line_of_the_issue():
    assert len(CHECKS) == 11


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_each_check_is_tested_documented_and_acts_through_the_catalog(check):
    module = check.run.__module__.rsplit(".", 1)[-1]
    assert (Path(__file__).parent / f"test_{module}.py").exists(), f"no tests for {check.id}"
    assert check.title and check.threshold and check.rationale
    assert all(action in ACTIONS for action in check.actions)
    for name in check.collectors:
        get_collector(name)  # raises for a collector that does not exist
    readme = (ROOT / "README.md").read_text()
    assert f"`{check.id}`" in readme, f"README's /aws-idle table lacks {check.id}"
