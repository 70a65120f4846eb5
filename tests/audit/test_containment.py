from bot.audit.containment import PER_RESOURCE, containments
from bot.model import Finding, Severity


def _f(check, resource, action, severity=Severity.HIGH, region="eu-west-1"):
    return Finding(check, severity, "acme", region, resource, "t", {}, action=action)


def test_few_findings_get_a_button_each_many_get_one_group():
    few = [
        _f("audit.fresh_key_used", f"AKIA{i}", "iam.deactivate_access_key", region="global") for i in range(2)
    ]
    many = [
        _f("audit.launch_burst", f"i-{i}", "ec2.terminate_instance", Severity.CRITICAL) for i in range(300)
    ]
    groups = containments(few + many)
    labels = sorted(g.label for g in groups)
    assert labels == ["Deactivate key AKIA0", "Deactivate key AKIA1", "Terminate 300 instances"]
    burst = next(g for g in groups if g.action == "ec2.terminate_instance")
    assert len(burst.findings) == 300 and burst.destructive and burst.area == "inventory"
    assert PER_RESOURCE < 300


def test_a_resource_found_by_two_checks_is_offered_once_under_the_stronger():
    burst = _f("audit.launch_burst", "i-1", "ec2.terminate_instance", Severity.CRITICAL)
    protected = _f("audit.termination_protection", "i-1", "ec2.terminate_instance")
    gpu = _f("audit.gpu_launch", "i-2", "ec2.terminate_instance")
    groups = containments([gpu, protected, burst])
    assert sorted((g.check, g.findings[0].resource_id) for g in groups) == [
        ("audit.gpu_launch", "i-2"),
        ("audit.launch_burst", "i-1"),
    ]


def test_findings_without_an_action_are_not_offered():
    assert containments([_f("audit.new_region", "eu-west-1", None)]) == []
