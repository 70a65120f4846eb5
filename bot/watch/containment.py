"""The alert's containment buttons: deactivate the key, terminate the instances, enable GuardDuty.

Each button is an offer of the approval engine (`bot.cleanup.offers.offer`): clicking files a request,
a second person approves, the engine re-checks the stored facts against AWS and acts through the
cleanup role. The facts must be what the engine will re-read, so instance facts are refreshed from
EC2 here (CloudTrail's `launchTime` is in milliseconds, EC2's LaunchTime is what the engine compares)
and instances already gone are left out. One button per resource up to three, else one per action.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.accounts import Account
from bot.aws.errors import classify
from bot.aws.session import SCHEDULER
from bot.cleanup.catalog import ACTIONS, DESTRUCTIVE
from bot.cleanup.offers import offer
from bot.model import Finding, Severity
from bot.render.watch import Button
from bot.services import Services

log = logging.getLogger(__name__)

PER_RESOURCE = 3
_ONE = {
    "iam.deactivate_access_key": "Deactivate key {id}",
    "ec2.terminate_instance": "Terminate {id}",
    "guardduty.enable_detector": "Enable GuardDuty in {id}",
}
_MANY = {
    "iam.deactivate_access_key": "Deactivate {n} keys",
    "ec2.terminate_instance": "Terminate {n} instances",
    "guardduty.enable_detector": "Enable GuardDuty in {n} regions",
}
_ORDER = ("iam.deactivate_access_key", "ec2.terminate_instance", "guardduty.enable_detector")
Item = dict[str, Any]  # an offer item: action, region, resource_id, check, title, facts


def items_of(updates: Sequence[dict[str, Any]]) -> list[Item]:
    """Every containment item of the alert, once per (action, region, resource), first seen first."""
    out: dict[tuple[str, str, str], Item] = {}
    for update in updates:
        for item in update.get("containment") or []:
            out.setdefault((item["action"], item["region"], item["resource_id"]), item)
    return list(out.values())


def refresh(services: Services, account: Account, items: list[Item]) -> list[Item]:
    """Instance facts as EC2 has them now; instances that are gone (or never existed) left out.

    If EC2 cannot be read, CloudTrail's facts stay (launch time cut to the second, as EC2 keeps it).
    """
    wanted: dict[str, list[Item]] = {}
    for item in items:
        if item["action"] == "ec2.terminate_instance":
            wanted.setdefault(item["region"], []).append(item)
    if not wanted:
        return items
    drop: set[tuple[str, str]] = set()
    session = services.aws.for_account(account, SCHEDULER)
    for region, group in wanted.items():
        ids = [i["resource_id"] for i in group]
        try:
            found = _describe(session.client("ec2", region), ids)
        except Exception as exc:
            log.warning(
                "watch: cannot read instances in %s/%s: %s", account.name, region, classify(exc).describe()
            )
            for item in group:
                item["facts"] = {**item["facts"], "launch_time": _to_second(item["facts"].get("launch_time"))}
            continue
        for item in group:
            now = found.get(item["resource_id"])
            if now is None or now["state"] in ("shutting-down", "terminated"):
                drop.add((region, item["resource_id"]))
                continue
            item["facts"] = {**item["facts"], "launch_time": now["launch_time"], "instance_type": now["type"]}
    return [
        i
        for i in items
        if not (i["action"] == "ec2.terminate_instance" and (i["region"], i["resource_id"]) in drop)
    ]


def _describe(ec2: Any, ids: list[str]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for i in range(0, len(ids), 200):  # a filter (not InstanceIds): an unknown ID is no error
        pages = ec2.get_paginator("describe_instances").paginate(
            Filters=[{"Name": "instance-id", "Values": ids[i : i + 200]}]
        )
        for page in pages:
            for reservation in page.get("Reservations", []):
                for instance in reservation.get("Instances", []):
                    found[instance["InstanceId"]] = {
                        "state": instance.get("State", {}).get("Name", ""),
                        "launch_time": instance["LaunchTime"].isoformat(),
                        "type": instance.get("InstanceType", ""),
                    }
    return found


def _to_second(value: Any) -> Any:
    try:
        return datetime.fromisoformat(str(value)).replace(microsecond=0).isoformat()
    except ValueError:
        return value


def complete(item: Item) -> bool:
    """Every fact the engine re-checks is known (None counts for a detector that is gone)."""
    facts = item.get("facts") or {}
    needed = ACTIONS.get(item["action"], ())
    return all(k in facts and (facts[k] is not None or k == "detector_id") for k in needed)


def buttons(
    services: Services,
    account: Account,
    items: list[Item],
    known: dict[str, Any],
    channel: str,
) -> tuple[list[Button], dict[str, Any]]:
    """The parent's containment buttons, reusing the offer of a group whose resources did not change."""
    groups: dict[str, list[Item]] = {}
    for action in _ORDER:
        chosen = [i for i in items if i["action"] == action and complete(i)]
        if len(chosen) <= PER_RESOURCE:
            for item in chosen:
                groups[f"{action}:{item['region']}:{item['resource_id']}"] = [item]
        else:
            groups[action] = chosen
    out: list[Button] = []
    offers: dict[str, Any] = {}
    for index, (key, group) in enumerate(groups.items()):
        fingerprint = sorted(f"{i['region']}/{i['resource_id']}" for i in group)
        previous = known.get(key) or {}
        offer_id = previous.get("offer") if previous.get("resources") == fingerprint else None
        action = group[0]["action"]
        label = (_ONE[action].format(id=group[0]["resource_id"]) if len(group) == 1
                 else _MANY[action].format(n=len(group)))  # fmt: skip
        if offer_id is None:
            offer_id = offer(
                services.store,
                [_finding(account, i) for i in group],
                account=account.name,
                source="watch",
                created_by="chatops-watch",
                label=label,
                channel=channel,
            )
        if offer_id is None:
            continue
        offers[key] = {"offer": offer_id, "resources": fingerprint}
        ids = ", ".join(i["resource_id"] for i in group[:5]) + (
            f" and {len(group) - 5} more" if len(group) > 5 else ""
        )
        describe = (
            f"Files a request to run `{action}` on {ids}. Nothing happens until a second person approves."
        )
        out.append(Button(label, f"cleanup.request.{index}", offer_id, action in DESTRUCTIVE, describe))
    return out, offers


def _finding(account: Account, item: Item) -> Finding:
    return Finding(
        check=str(item.get("check") or "watch"),
        severity=Severity.HIGH,
        account=account.name,
        region=item["region"],
        resource_id=item["resource_id"],
        title=str(item.get("title") or item["resource_id"]),
        evidence=dict(item.get("facts") or {}),
        action=item["action"],
    )
