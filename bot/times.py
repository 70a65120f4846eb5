"""Timestamps as aware UTC datetimes, whatever shape they come in: botocore's datetimes (naive, UTC
or the machine's local zone), the ISO 8601 strings some fields are (Image.CreationDate, GuardDuty
findings, the IAM credential report, CloudTrail records). A time without a zone is UTC: that is
what AWS means by it, and the bot never reads the machine's own zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def as_utc(value: datetime) -> datetime:
    """The same instant in UTC; a naive value is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def parse_time(value: datetime | str | None) -> datetime | None:
    """Aware UTC, from a datetime or an ISO 8601 string; None for None or "".

    A string that is no ISO 8601 time raises ValueError (see `read_time` for the lenient kind)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return as_utc(value)


def read_time(value: Any) -> datetime | None:
    """As `parse_time`, but None for anything that is not a datetime or a readable ISO 8601 string."""
    if isinstance(value, datetime):
        return as_utc(value)
    if not isinstance(value, str):
        return None
    try:
        return parse_time(value)
    except ValueError:
        return None
