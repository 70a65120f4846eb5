"""Facts compare by meaning across JSON and APIs; anything unsure counts as changed."""

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.cleanup.facts import Change, changes, same


@pytest.mark.parametrize(
    ("shown", "now"),
    [
        (None, None),
        (None, ""),
        ([], None),
        (8, 8.0),
        ("8", 8),
        (Decimal("3.60"), "3.6"),
        ("2026-01-02T03:04:05+00:00", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2026-01-02T03:04:05.000Z", datetime(2026, 1, 2, 12, 4, 5, tzinfo=timezone(timedelta(hours=9)))),
        ("2026-01-02T03:04:05", "2026-01-02T03:04:05+00:00"),
        (["snap-b", "snap-a"], ["snap-a", "snap-b"]),
        (True, True),
        ("available", "available"),
    ],
)
def test_same_meaning_is_same(shown, now):
    assert same(shown, now)


@pytest.mark.parametrize(
    ("shown", "now"),
    [
        (None, "eipassoc-123"),
        (100, 101),
        ("gp2", "gp3"),
        ("2026-01-02T03:04:05Z", "2026-01-02T03:04:06Z"),
        (["snap-a"], ["snap-a", "snap-b"]),
        (True, "true"),
        (True, 1),
        ("available", "in-use"),
    ],
)
def test_different_is_different(shown, now):
    assert not same(shown, now)


def test_changes_lists_each_difference_and_what_was_not_re_read():
    shown = {"state": "available", "size_gib": 100, "volume_type": "gp2"}
    now = {"state": "in-use", "size_gib": 100}
    assert changes(shown, now, ("state", "size_gib", "volume_type")) == [
        Change("state", "available", "in-use"),
        Change("volume_type", "gp2", "not re-read"),
    ]
    assert (
        Change("association_id", None, "eipassoc-1").describe() == "association_id was none, now eipassoc-1"
    )


def test_a_fact_never_recorded_counts_as_changed():
    assert changes({}, {"status": "Active"}, ("status",)) == [Change("status", None, "Active")]


def test_changes_are_json_safe_for_the_store():
    import json

    found = changes(
        {"launch_time": "2026-01-02T03:04:05+00:00"},
        {"launch_time": datetime(2026, 3, 1, tzinfo=UTC)},
        ("launch_time",),
    )
    assert found == [Change("launch_time", "2026-01-02T03:04:05+00:00", "2026-03-01T00:00:00+00:00")]
    json.dumps([f.__dict__ for f in found])
