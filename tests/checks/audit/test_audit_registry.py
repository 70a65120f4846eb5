"""Meta-tests over the audit checks' registry: each is documented, tested, and offers real actions."""

from pathlib import Path

import bot.checks.audit as bot_checks_audit
from bot.audit.rules import WEIGHTS
from bot.checks.audit import CHECKS
from bot.cleanup.catalog import ACTIONS

HERE = Path(__file__).parent


def test_every_check_has_its_own_test_module_and_metadata():
    for check in CHECKS.values():
        module = check.run.__module__.rsplit(".", 1)[-1]
        assert (HERE / f"test_{module}.py").exists(), f"{check.id} has no tests/checks/audit/test_{module}.py"
        assert check.title and check.rationale.endswith(".") and check.signal in WEIGHTS
        assert check.action is None or check.action in ACTIONS


def test_every_signal_weight_is_used_by_a_check():
    assert {c.signal for c in CHECKS.values()} == set(WEIGHTS)


def test_every_check_module_is_registered():
    """A check module that nobody imports never runs, and no other test would notice."""
    helpers = {"__init__", "common", "registry"}
    modules = {p.stem for p in Path(bot_checks_audit.__file__).parent.glob("*.py")} - helpers
    registered = {c.run.__module__.rsplit(".", 1)[-1] for c in CHECKS.values()}
    assert modules - registered == set()
