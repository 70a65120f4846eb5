"""Containment offers: which findings get which button, grouped so a burst is one click, not 300.

Pure: the command stores each group as one offer (`bot.cleanup.offers.offer`) and the renderer
puts the offer's ID in the button. The same resource found by two checks (a burst instance that
is also protected) is offered once, under the stronger check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.checks.audit.registry import CHECKS
from bot.cleanup.catalog import DESTRUCTIVE
from bot.model import Finding

PER_RESOURCE = 3  # up to this many findings of one check get a button each; more get one group button

_ONE = {
    "ec2.terminate_instance": "Terminate {id}",
    "iam.deactivate_access_key": "Deactivate key {id}",
    "sagemaker.delete_app": "Delete Canvas app {id}",
    "sagemaker.delete_user_profile": "Delete user profile {id}",
    "s3.block_public_access": "Block public access: {id}",
    "guardduty.enable_detector": "Enable GuardDuty in {id}",
}
_MANY = {
    "ec2.terminate_instance": "Terminate {n} instances",
    "iam.deactivate_access_key": "Deactivate {n} keys",
    "sagemaker.delete_app": "Delete {n} Canvas apps",
    "sagemaker.delete_user_profile": "Delete {n} user profiles",
    "s3.block_public_access": "Block public access on {n} buckets",
    "guardduty.enable_detector": "Enable GuardDuty in {n} regions",
}


@dataclass(frozen=True)
class Containment:
    key: str  # unique within one answer
    action: str
    check: str
    area: str
    label: str
    findings: tuple[Finding, ...]

    @property
    def destructive(self) -> bool:
        return self.action in DESTRUCTIVE

    @property
    def describe(self) -> str:
        """What approving it does, for the confirmation dialog."""
        ids = ", ".join(f.resource_id for f in self.findings[:5])
        more = f" and {len(self.findings) - 5} more" if len(self.findings) > 5 else ""
        return (
            f"Files a request to run `{self.action}` on {ids}{more}. "
            "Nothing happens until a second person approves."
        )


def containments(findings: Sequence[Finding]) -> list[Containment]:
    """Findings with an action, deduplicated by resource (strongest check first), grouped for buttons."""
    seen: set[tuple[str, str, str]] = set()
    groups: dict[tuple[str, str], list[Finding]] = {}
    ordered = sorted(
        (f for f in findings if f.action),
        key=lambda f: (-CHECKS[f.check].weight, -f.severity, f.check, f.region, f.resource_id),
    )
    for f in ordered:
        assert f.action is not None
        identity = (f.action, f.region, f.resource_id)
        if identity in seen:
            continue
        seen.add(identity)
        groups.setdefault((f.check, f.action), []).append(f)
    out: list[Containment] = []
    for (check, action), items in groups.items():
        area = CHECKS[check].area
        if len(items) <= PER_RESOURCE:
            for f in items:
                label = _ONE[action].format(id=f.resource_id)
                out.append(
                    Containment(
                        f"{check}:{action}:{f.region}:{f.resource_id}", action, check, area, label, (f,)
                    )
                )
        else:
            label = _MANY[action].format(n=len(items))
            out.append(Containment(f"{check}:{action}", action, check, area, label, tuple(items)))
    return out
