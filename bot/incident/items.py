"""The mission's checklist, one item each: what to do, what it needs first, and when it is done.

An item is ticked by people ("Mark done"), by the bot when it can verify it (`verify` names the
check in `bot/incident/verify.py`), or both (the credential report is read by a person, GuardDuty
is checked by the bot). Order is the order of the work.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    needs: str  # the prerequisite, in words
    done_when: str
    manual: bool  # a person ticks it ("Mark done")
    verify: str | None = None  # the bot ticks it (a check in verify.py)
    after: tuple[str, ...] = ()  # items that should be done first (shown as waiting until they are)


ITEMS: tuple[Item, ...] = (
    Item(
        "access",
        "Get read-only access",
        needs="the audit role in the account (`infra/audit-role.yaml`)",
        done_when="the bot reads the account through its read-only role — 🤖 the audit ran through it",
        manual=False,
        verify="access",
    ),
    Item(
        "inventory",
        "Inventory all regions",
        needs="read-only access",
        done_when="every instance, cluster, function and SageMaker app in the audit's *Inventory* reply "
        "has a known owner, in every region",
        manual=True,
        after=("access",),
    ),
    Item(
        "cloudtrail",
        "Review 90 days of CloudTrail",
        needs="read-only access",
        done_when="every principal and access key in the audit's *CloudTrail* reply is explained, or "
        "its key deactivated",
        manual=True,
        after=("access",),
    ),
    Item(
        "credentials",
        "Credential report + GuardDuty everywhere",
        needs="read-only access",
        done_when="the credential report is reviewed (a person ticks) and 🤖 GuardDuty is on in every "
        "region (checked at each audit)",
        manual=True,
        verify="guardduty",
        after=("access",),
    ),
    Item(
        "pastdue",
        "Pay past-due invoices",
        needs="`/aws-pastdue` run for the account",
        done_when="🤖 nothing is 91+ days past due (checked at each `/aws-pastdue`)",
        manual=False,
        verify="pastdue",
    ),
    Item(
        "idle",
        "Remove idle resources once compromise is ruled out",
        needs="compromise ruled out: inventory, CloudTrail and credentials done, or a later audit says "
        "likely legitimate",
        done_when="`/aws-idle`'s cleanup requests are approved or rejected",
        manual=True,
        after=("inventory", "cloudtrail", "credentials"),
    ),
    Item(
        "guardrails",
        "Set up Cost Anomaly Detection + Budgets",
        needs="nothing: do it now",
        done_when="🤖 a cost budget and an anomaly monitor exist (checked at each audit and digest)",
        manual=False,
        verify="guardrails",
    ),
)

BY_KEY = {item.key: item for item in ITEMS}
