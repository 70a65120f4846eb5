"""Who the audit is: the assumed role's identity and the account's alias."""

from __future__ import annotations

from dataclasses import dataclass

from bot.aws.session import AccountSession


@dataclass(frozen=True)
class Identity:
    account_id: str
    arn: str  # the audit role's session, as the audited account's CloudTrail shows it
    aliases: tuple[str, ...] = ()

    @property
    def alias(self) -> str | None:
        return self.aliases[0] if self.aliases else None


def collect_identity(session: AccountSession) -> Identity:
    """sts:GetCallerIdentity and iam:ListAccountAliases (an account has at most one alias)."""
    me = session.client("sts").get_caller_identity()
    aliases: list[str] = []
    for page in session.client("iam").get_paginator("list_account_aliases").paginate():
        aliases.extend(page.get("AccountAliases", []))
    return Identity(account_id=me["Account"], arn=me["Arn"], aliases=tuple(aliases))
