"""IAM: the credential report, who holds which policies, and the access keys of users of interest.

The credential report is generated asynchronously: `generate_credential_report` is polled a bounded
number of times (AWS usually answers within seconds; a report is reused for four hours).
`get_account_authorization_details` gives every user's attached and inline policies in a few pages,
instead of three calls per user.
"""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from bot.aws.session import AccountSession
from bot.times import read_time

ROOT = "<root_account>"

# managed policies that hand over the account, IAM, or mass e-mail sending (spam from a hijacked SES)
RISKY_MANAGED = {
    "AdministratorAccess": "admin",
    "IAMFullAccess": "iam",
    "AmazonSESFullAccess": "ses",
}
_RISK_ORDER = ("admin", "iam", "ses")


@dataclass(frozen=True)
class KeySlot:
    slot: int  # 1 or 2: the report has two key columns per user, without key IDs
    active: bool
    last_rotated: datetime | None  # the key's creation date
    last_used: datetime | None
    last_used_service: str | None = None
    last_used_region: str | None = None


@dataclass(frozen=True)
class CredentialUser:
    user: str
    arn: str
    created: datetime | None
    password_enabled: bool
    password_last_used: datetime | None
    mfa_active: bool
    keys: tuple[KeySlot, ...] = ()

    @property
    def root(self) -> bool:
        return self.user == ROOT

    @property
    def active_keys(self) -> tuple[KeySlot, ...]:
        return tuple(k for k in self.keys if k.active)


@dataclass(frozen=True)
class CredentialReport:
    generated: datetime | None
    users: tuple[CredentialUser, ...]

    @property
    def root(self) -> CredentialUser | None:
        return next((u for u in self.users if u.root), None)

    @property
    def iam_users(self) -> tuple[CredentialUser, ...]:
        return tuple(u for u in self.users if not u.root)


@dataclass(frozen=True)
class UserPolicies:
    user: str
    arn: str
    created: datetime | None
    attached: tuple[str, ...]  # managed policy ARNs, directly and through groups
    inline: tuple[tuple[str, Any], ...]  # (policy name, document), directly and through groups
    groups: tuple[str, ...] = ()
    local_documents: tuple[tuple[str, Any], ...] = ()  # (ARN, default version) of customer-managed ones

    def risks(self) -> dict[str, str]:
        """policy → risk ("admin", "iam", "ses") for each risky policy this user holds."""
        found = {arn: policy_risk(arn) for arn in self.attached}
        found.update({arn: policy_risk(document=doc) for arn, doc in self.local_documents})
        found.update({name: policy_risk(document=doc) for name, doc in self.inline})
        return {k: v for k, v in found.items() if v}


@dataclass(frozen=True)
class AccessKey:
    user: str
    key_id: str
    status: str  # Active | Inactive
    created: datetime | None


def collect_credential_report(
    session: AccountSession,
    *,
    attempts: int = 10,
    wait: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> CredentialReport:
    """Generate (or reuse) the report and read it, polling at most `attempts` times.

    Waits grow 0.25 s, 0.5 s, 1 s… up to `wait` between polls: a report AWS already has (they are
    reused for four hours) answers at once, a new one usually within seconds.
    """
    iam = session.client("iam")
    for attempt in range(attempts):
        state = iam.generate_credential_report().get("State")
        if state == "COMPLETE":
            try:
                answer = iam.get_credential_report()
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") not in ("ReportInProgress", "ReportNotPresent"):
                    raise
            else:
                return parse_credential_report(answer["Content"], answer.get("GeneratedTime"))
        if attempt < attempts - 1:
            sleep(min(wait, 0.25 * 2**attempt))
    raise ClientError(
        {
            "Error": {
                "Code": "ReportInProgress",
                "Message": f"the credential report was not ready after {attempts} polls",
            }
        },
        "GetCredentialReport",
    )


def parse_credential_report(content: bytes | str, generated: datetime | None = None) -> CredentialReport:
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    users = []
    for row in csv.DictReader(io.StringIO(text)):
        if not row.get("user"):
            continue
        keys = tuple(
            KeySlot(
                slot=slot,
                active=_bool(row.get(f"access_key_{slot}_active")),
                last_rotated=_date(row.get(f"access_key_{slot}_last_rotated")),
                last_used=_date(row.get(f"access_key_{slot}_last_used_date")),
                last_used_service=_text(row.get(f"access_key_{slot}_last_used_service")),
                last_used_region=_text(row.get(f"access_key_{slot}_last_used_region")),
            )
            for slot in (1, 2)
            if f"access_key_{slot}_active" in row
        )
        users.append(
            CredentialUser(
                user=row["user"],
                arn=row.get("arn", ""),
                created=_date(row.get("user_creation_time")),
                password_enabled=_bool(row.get("password_enabled")),
                password_last_used=_date(row.get("password_last_used")),
                mfa_active=_bool(row.get("mfa_active")),
                keys=keys,
            )
        )
    return CredentialReport(generated=generated, users=tuple(users))


def collect_user_policies(session: AccountSession) -> list[UserPolicies]:
    """Every user's managed and inline policies, including those inherited from groups."""
    iam = session.client("iam")
    users: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    local: dict[str, Any] = {}
    paginator = iam.get_paginator("get_account_authorization_details")
    for page in paginator.paginate(Filter=["User", "Group", "LocalManagedPolicy"]):
        users.extend(page.get("UserDetailList", []))
        for group in page.get("GroupDetailList", []):
            groups[group["GroupName"]] = group
        for policy in page.get("Policies", []):
            versions = policy.get("PolicyVersionList", [])
            default = next((v for v in versions if v.get("IsDefaultVersion")), None)
            if default is not None:
                local[policy["Arn"]] = default.get("Document")
    out = []
    for user in users:
        member_of = list(user.get("GroupList", []))
        attached = [p["PolicyArn"] for p in user.get("AttachedManagedPolicies", [])]
        inline = [(p["PolicyName"], p.get("PolicyDocument")) for p in user.get("UserPolicyList", [])]
        for name in member_of:
            group = groups.get(name, {})
            attached += [p["PolicyArn"] for p in group.get("AttachedManagedPolicies", [])]
            inline += [
                (f"{name}/{p['PolicyName']}", p.get("PolicyDocument"))
                for p in group.get("GroupPolicyList", [])
            ]
        attached = list(dict.fromkeys(attached))
        out.append(
            UserPolicies(
                user=user["UserName"],
                arn=user.get("Arn", ""),
                created=user.get("CreateDate"),
                attached=tuple(attached),
                inline=tuple(inline),
                groups=tuple(member_of),
                local_documents=tuple((arn, local[arn]) for arn in attached if arn in local),
            )
        )
    return out


def collect_access_keys(session: AccountSession, users: Iterable[str]) -> list[AccessKey]:
    """Key IDs (the credential report has none) for the given users; a vanished user is skipped."""
    iam = session.client("iam")
    out: list[AccessKey] = []
    for user in users:
        try:
            pages = list(iam.get_paginator("list_access_keys").paginate(UserName=user))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "NoSuchEntity":
                continue
            raise
        for page in pages:
            for key in page.get("AccessKeyMetadata", []):
                out.append(AccessKey(user, key["AccessKeyId"], key.get("Status", ""), key.get("CreateDate")))
    return out


def policy_risk(policy: str | None = None, document: Any = None) -> str | None:
    """ "admin", "iam" or "ses" when a managed policy (ARN or name) or a policy document grants that much."""
    if policy:
        return RISKY_MANAGED.get(policy.rsplit("/", 1)[-1])
    found: set[str] = set()
    for statement in _statements(document):
        if statement.get("Effect") != "Allow":
            continue
        resources = _list(statement.get("Resource"))
        if "NotAction" in statement and "*" in resources:
            found.add("admin")
            continue
        for action in (a.lower() for a in _list(statement.get("Action"))):
            if action in ("*", "*:*") and "*" in resources:
                found.add("admin")
            elif action in ("iam:*", "iam:createuser", "iam:createaccesskey", "iam:attachuserpolicy"):
                found.add("iam")
            elif action in ("ses:*", "ses:sendemail", "ses:sendrawemail"):
                found.add("ses")
    return next((risk for risk in _RISK_ORDER if risk in found), None)


def _statements(document: Any) -> list[dict[str, Any]]:
    if isinstance(document, str):
        try:
            document = json.loads(urllib.parse.unquote(document))
        except ValueError:
            return []
    if not isinstance(document, dict):
        return []
    statements = document.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else statements
    return [s for s in statements if isinstance(s, dict)] if isinstance(statements, list) else []


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if value in ("", "N/A", "not_supported", "no_information") else value


def _date(value: str | None) -> datetime | None:
    return read_time(_text(value))
