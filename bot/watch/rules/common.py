"""What the rules share: grouping events by who acted, and the containment each hit offers.

Containment items are `Finding`s naming a catalog action (`bot/cleanup/catalog.py`) with the facts
the approval engine re-checks before acting: a key's user and status, an instance's launch time and
type, a region's detector. Instance facts come from CloudTrail here; the alert refreshes them from
EC2 before it offers them (`bot.watch.containment.refresh`), because that is what the engine reads.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.accounts import Account
from bot.collect.cloudtrail import TrailEvent, launched, short_principal
from bot.model import GLOBAL, Finding, Severity
from bot.watch.rules.base import Hit

AWS_SERVICE = "AWSService"


def by_principal(events: Iterable[TrailEvent]) -> dict[str, list[TrailEvent]]:
    """Events grouped by who acted, AWS services left out (they act on someone's behalf)."""
    groups: dict[str, list[TrailEvent]] = defaultdict(list)
    for event in events:
        if event.principal_type != AWS_SERVICE:
            groups[event.principal].append(event)
    return dict(groups)


def keys_of(events: Iterable[TrailEvent]) -> tuple[str, ...]:
    return tuple(sorted({e.access_key for e in events if e.access_key}))


def who(events: Sequence[TrailEvent]) -> str:
    """`user/ci-deploy` — with the key when one was used: `user/ci-deploy (AKIA…)`."""
    first = events[0]
    keys = keys_of(events)
    short = short_principal(first.principal)
    return f"{short} ({', '.join(keys)})" if keys else short


def user_arn(account: Account, user: str) -> str:
    return f"arn:aws:iam::{account.account_id}:user/{user}"


def key_containment(
    rule_id: str, severity: Severity, account: Account, events: Iterable[TrailEvent]
) -> list[Finding]:
    """Deactivate the long-lived keys (AKIA…) of IAM users that signed these calls.

    Temporary keys (ASIA…, a role session) cannot be deactivated: the role's sessions are revoked
    in IAM instead, which the thread says; root's keys only root can remove.
    """
    seen: dict[str, str] = {}
    for event in events:
        key, user = event.access_key, event.user_name
        if event.principal_type == "IAMUser" and key and key.startswith("AKIA") and user:
            seen.setdefault(key, user)
    return [deactivate_key(rule_id, severity, account, key, user) for key, user in sorted(seen.items())]


def deactivate_key(rule_id: str, severity: Severity, account: Account, key: str, user: str) -> Finding:
    return Finding(
        check=rule_id,
        severity=severity,
        account=account.name,
        region=GLOBAL,
        resource_id=key,
        title=f"access key {key} of {user}",
        evidence={"user_name": user, "status": "Active"},  # it signed a call just now: active
        action="iam.deactivate_access_key",
    )


def instance_containment(
    rule_id: str, severity: Severity, account: Account, events: Iterable[TrailEvent]
) -> list[Finding]:
    """Terminate the instances these RunInstances created (the action clears their protection first)."""
    out: dict[str, Finding] = {}
    for event in events:
        for item in launched(event):
            out[item.instance_id] = terminate(
                rule_id, severity, account, event.region, item.instance_id, item.instance_type, item.time
            )
    return [out[k] for k in sorted(out)]


def terminate(
    rule_id: str,
    severity: Severity,
    account: Account,
    region: str,
    instance_id: str,
    instance_type: str | None,
    launch_time: datetime | None,
) -> Finding:
    return Finding(
        check=rule_id,
        severity=severity,
        account=account.name,
        region=region,
        resource_id=instance_id,
        title=f"{instance_type or 'instance'} {instance_id}",
        evidence={
            "launch_time": launch_time.isoformat() if launch_time else None,
            "instance_type": instance_type,
        },
        action="ec2.terminate_instance",
    )


def counted(counter: Counter[str], limit: int = 4) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    text = ", ".join(f"{n}× {k}" for k, n in items[:limit])
    return text + (f", +{len(items) - limit} more" if len(items) > limit else "")


def listing(values: Iterable[str], limit: int = 4) -> str:
    items = list(dict.fromkeys(values))
    shown = ", ".join(f"`{v}`" for v in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def minutes(first: datetime, last: datetime) -> str:
    seconds = (last - first).total_seconds()
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"


def hit(
    rule_id: str,
    severity: Severity,
    title: str,
    events: Sequence[TrailEvent],
    *,
    links: Iterable[str] = (),
    containment: Iterable[Finding] = (),
) -> Hit:
    ordered = tuple(sorted(events, key=lambda e: (e.time, e.event_id)))
    return Hit(
        rule=rule_id,
        severity=severity,
        title=title,
        events=ordered,
        principal=ordered[0].principal,
        access_keys=keys_of(ordered),
        links=tuple(dict.fromkeys(links)),
        containment=tuple(containment),
    )
