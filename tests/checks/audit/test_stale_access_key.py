from bot.checks.audit.stale_access_key import stale_access_key, summary
from bot.collect.iam import KeySlot


def test_unused_keys_get_a_deactivation_button_old_but_used_ones_only_rotation(b):
    b.user("ci", keys=[KeySlot(1, True, b.ago(400), b.ago(1))])  # old, in daily use: rotate
    b.user("gone", keys=[KeySlot(1, True, b.ago(200), b.ago(120))])  # unused 120 days
    b.user("never", keys=[KeySlot(1, True, b.ago(95), None)])  # never used
    b.user("fresh", keys=[KeySlot(1, True, b.ago(10), None), KeySlot(2, False, b.ago(500), None)])
    b.key("gone", "AKIAGONE", created=b.ago(200)).key("ci", "AKIACI", created=b.ago(400))
    found = {f.resource_id: f for f in stale_access_key(b.build())}
    assert set(found) == {"AKIACI", "AKIAGONE", "never key 1"}
    assert found["AKIACI"].action is None and "created" in found["AKIACI"].title
    assert found["AKIAGONE"].action == "iam.deactivate_access_key"
    assert found["never key 1"].action is None  # no ID: nothing to deactivate by
    assert "never used" in found["never key 1"].title
    assert "AKIAGONE (gone)" in summary(list(found.values()))
