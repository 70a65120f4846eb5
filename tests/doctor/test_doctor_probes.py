"""The doctor probes every AWS service the code opens a client for, and simulates what the role grants."""

import re
from pathlib import Path

import yaml

from bot.doctor.aws import SIMULATION_CONTEXT
from bot.doctor.probes import NOT_PROBED, PROBES, planned, services_in_use

BOT = Path(__file__).resolve().parents[2] / "bot"
CLIENT = re.compile(r"""\.client\(\s*["']([a-z0-9-]+)["']""")


def test_every_service_the_code_reads_has_a_probe_and_a_command_that_needs_it():
    opened = set()
    for path in BOT.rglob("*.py"):
        if {"devtools", "demo", "doctor"} & set(path.relative_to(BOT).parts):
            continue
        opened |= set(CLIENT.findall(path.read_text()))
    uses = services_in_use()
    assert opened - NOT_PROBED - {"s3control"} <= set(uses), sorted(opened - set(uses))
    assert set(uses) <= set(PROBES)
    assert all(uses[s] for s in uses)  # each names a command
    assert len(planned()) == len(uses)


def test_the_audit_permissions_map_to_their_clients():
    uses = services_in_use()
    assert (
        "/aws-audit" in uses["emr"]
        and "/aws-audit" in uses["s3control"]
        and "/aws-audit" in uses["cloudtrail"]
    )
    assert "/aws-idle" in uses["cloudwatch"] and "/aws-pastdue" in uses["invoicing"]
    assert "sts" not in uses


def test_probes_are_reads():
    for probe in PROBES.values():
        verb = probe.action.split(":", 1)[1]
        assert verb.startswith(("Describe", "List", "Get", "Lookup", "View")), probe.action


def test_the_simulation_supplies_every_condition_of_the_cleanup_role():
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    template = yaml.load((BOT.parent / "infra" / "cleanup-role.yaml").read_text(), Loader=Loader)
    conditions = {}
    for policy in template["Resources"]["CleanupRole"]["Properties"]["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            for operator in (statement.get("Condition") or {}).values():
                conditions.update(operator)
    supplied = {e["ContextKeyName"]: e["ContextKeyValues"] for e in SIMULATION_CONTEXT}
    assert {k: [v] if isinstance(v, str) else v for k, v in conditions.items()} == supplied
