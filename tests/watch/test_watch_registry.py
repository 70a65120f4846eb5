"""Meta-tests over the alarm's rules: each is documented (threshold, README row) and tested, the
thresholds live in one module, and every containment action is in the catalog."""

from pathlib import Path

from bot.cleanup.catalog import ACTIONS
from bot.watch.containment import _MANY, _ONE
from bot.watch.rules import REGISTRY, event_names, regional_names

ROOT = Path(__file__).resolve().parents[2]


def test_every_rule_has_a_module_a_test_and_a_readme_row():
    readme = (ROOT / "README.md").read_text()
    for rule_id, spec in REGISTRY.items():
        name = rule_id.removeprefix("watch.")
        assert (ROOT / "bot" / "watch" / "rules" / f"{name}.py").exists()
        assert (ROOT / "tests" / "watch" / f"test_rule_{name}.py").exists(), rule_id
        assert f"`{rule_id}`" in readme, f"README's Takeover alarm table lacks {rule_id}"
        assert spec.threshold and spec.title


def test_thresholds_are_read_from_one_place():
    for module in (ROOT / "bot" / "watch" / "rules").glob("*.py"):
        text = module.read_text()
        assert "timedelta(minutes=" not in text and "timedelta(hours=" not in text, module.name


def test_every_containment_action_is_in_the_catalog():
    assert set(_ONE) == set(_MANY) <= set(ACTIONS)


def test_the_poll_reads_each_regional_name_once_per_region():
    assert "RunInstances" in regional_names() and "CreateUser" not in regional_names()
    assert all(sources for sources in event_names().values())
