"""Meta-tests over the registries: what is registered is declared, documented and reachable."""

from pathlib import Path

import yaml

from handlers.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[1]


def _manifest():
    return yaml.safe_load((ROOT / "manifest.yaml").read_text())


def test_every_command_is_in_the_manifest_and_nothing_else():
    declared = {c["command"]: c for c in _manifest()["features"]["slash_commands"]}
    assert set(declared) == {c.name for c in COMMANDS}
    for command in COMMANDS:
        assert declared[command.name]["description"]
        assert command.summary.endswith(".")


def test_manifest_asks_for_the_scopes_the_bot_uses():
    scopes = set(_manifest()["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "files:write", "usergroups:read"} <= scopes
    assert _manifest()["settings"]["interactivity"]["is_enabled"] is True


def test_contract_commands_are_all_registered():
    contract = {"/aws-audit", "/aws-idle", "/aws-pastdue", "/aws-cost", "/aws-digest", "/aws-help"}
    assert contract <= {c.name for c in COMMANDS}


def test_readme_gives_the_two_set_up_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
