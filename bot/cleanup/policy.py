"""What makes a request impossible whoever approves it: checked when filed and again before acting.

The accounts file can change between the click and the approval (a cleanup role removed, an
account marked protected), so the engine asks again right before it touches anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.accounts import Account
from bot.cleanup import registry
from bot.cleanup.catalog import ACTIONS
from bot.cleanup.facts import missing_facts


def find_account(accounts: Iterable[Account], name: str) -> Account | None:
    return next((a for a in accounts if a.name == name), None)


def refusal(
    accounts: Iterable[Account], account_name: str, action_name: str, facts: dict[str, Any]
) -> str | None:
    """Why this request cannot be carried out, or None."""
    account = find_account(accounts, account_name)
    if account is None:
        return f"Account `{account_name}` is not in the accounts file any more; nothing will be attempted."
    spec = registry.get(action_name)
    if spec is None:
        return f"`{action_name}` is not an action this bot knows; nothing will be attempted."
    if account.cleanup_role_arn is None:
        return (
            f"Account `{account.name}` has no cleanup role (`cleanup_role_arn` in the accounts file), so "
            "nothing can be changed there and nothing will be attempted. Deploy `infra/cleanup-role.yaml` "
            "and add the role's ARN to enable cleanup."
        )
    if account.protected and spec.destructive:
        return (
            f"Account `{account.name}` is protected: destructive actions such as {spec.title.lower()} "
            "are refused there. Nothing will be attempted."
        )
    missing = missing_facts(facts, ACTIONS[action_name])
    if missing:
        return (
            f"The offer did not record {', '.join(missing)}, so the resource cannot be re-checked before "
            "acting; nothing will be attempted."
        )
    return None
