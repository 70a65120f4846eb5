"""GPU or large instances launched: what a miner rents first, at $3–$100 an hour each."""

from __future__ import annotations

from collections import Counter

from bot.collect.cloudtrail import launched
from bot.collect.inventory_ec2 import is_gpu
from bot.model import Severity
from bot.watch.rules.base import EC2, Context, Hit, rule
from bot.watch.rules.common import by_principal, counted, hit, instance_containment, key_containment, who
from bot.watch.thresholds import RULES, WatchRules

ID = "watch.gpu_launch"
SEVERITY = Severity.HIGH


def is_large(instance_type: str, rules: WatchRules = RULES) -> bool:
    """16xlarge and up, metal, or a high-memory family (x1, x2…, u-…)."""
    family, _, size = instance_type.partition(".")
    if size.startswith("metal") or family.startswith(rules.large_families):
        return True
    multiple = size.removesuffix("xlarge")
    return size.endswith("xlarge") and multiple.isdigit() and int(multiple) >= rules.large_size_from


def costly(instance_type: str, rules: WatchRules = RULES) -> bool:
    return is_gpu(instance_type) or is_large(instance_type, rules)


@rule(
    ID,
    title="GPU or large instances",
    severity=SEVERITY,
    threshold=f"any accelerated instance (p, g, inf, trn, dl, f, vt), {RULES.large_size_from}xlarge and up, "
    "metal or high-memory, launched",
    events={"RunInstances": EC2},
)
def gpu_launch(ctx: Context) -> list[Hit]:
    out = []
    for _, new in by_principal(ctx.named("RunInstances")).items():
        events = [e for e in new if any(costly(i.instance_type, ctx.rules) for i in launched(e))]
        if not events:
            continue
        types = Counter(
            i.instance_type for e in events for i in launched(e) if costly(i.instance_type, ctx.rules)
        )
        regions = ", ".join(sorted({e.region for e in events}))
        title = f"{counted(types)} launched by {who(events)} in {regions}"
        containment = [
            f
            for f in instance_containment(ID, SEVERITY, ctx.account, events)
            if costly(str(f.evidence.get("instance_type") or ""), ctx.rules)
        ]
        containment += key_containment(ID, SEVERITY, ctx.account, events)
        out.append(hit(ID, SEVERITY, title, events, containment=containment))
    return out
