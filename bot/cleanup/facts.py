"""Compare the facts shown when a request was filed with what AWS says now.

Facts travel through JSON (the store) and through different APIs (a check may have read a launch
time as a datetime, the re-check reads it again), so equality is by meaning: instants compare as
instants, numbers as numbers, lists as sets. Anything else compares exactly; when in doubt a fact
counts as changed, because a false "changed" costs a second click and a false "same" costs data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.cleanup.offers import _plain
from bot.times import read_time


@dataclass(frozen=True)
class Change:
    fact: str
    was: Any
    now: Any

    def describe(self) -> str:
        return f"{self.fact} was {show(self.was)}, now {show(self.now)}"


MISSING = object()


def changes(shown: dict[str, Any], now: dict[str, Any], keys: tuple[str, ...]) -> list[Change]:
    """Every fact among `keys` whose current value differs from the one shown (or was never read).

    Values are kept JSON-safe (dates as ISO text): a change is stored with the outcome.
    """
    found = []
    for key in keys:
        was = shown.get(key, MISSING)
        current = now.get(key, MISSING)
        if was is MISSING or current is MISSING or not same(was, current):
            found.append(
                Change(
                    key,
                    None if was is MISSING else _plain(was),
                    "not re-read" if current is MISSING else _plain(current),
                )
            )
    return found


def missing_facts(shown: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    return [k for k in keys if k not in shown]


def same(a: Any, b: Any) -> bool:
    a, b = _plain(a), _plain(b)
    if _empty(a) and _empty(b):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(_key, a)) == sorted(map(_key, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    number_a, number_b = _number(a), _number(b)
    if number_a is not None and number_b is not None:
        return number_a == number_b
    instant_a, instant_b = _instant(a), _instant(b)
    if instant_a is not None and instant_b is not None:
        return instant_a == instant_b
    return a == b


def show(value: Any) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _key(value: Any) -> str:
    number = _number(value)
    return str(number.normalize()) if number is not None else str(value)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if isinstance(value, str) and value.strip().lstrip("-").replace(".", "", 1).isdigit():
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) < 10 or value[4:5] != "-":
        return None
    return read_time(value)
