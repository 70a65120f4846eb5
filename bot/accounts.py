"""The audited accounts: one YAML file, validated at start-up so a typo never surfaces mid-incident."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.errors import ConfigError, UserError

_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):role/[\w+=,.@/-]{1,512}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
# An SQS queue URL: https://sqs.<region>.amazonaws.com/<account>/<name> (any host, for local endpoints)
_QUEUE_URL = re.compile(r"^https?://[^/\s]+/\d{12}/[\w-]{1,80}(\.fifo)?$")


class Account(BaseModel):
    """One entry of the accounts file: which roles to assume, and how."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,62}$")
    account_id: str
    audit_role_arn: str
    external_id: str = Field(min_length=2, max_length=1224, pattern=r"^[\w+=,.@:/-]+$")
    cleanup_role_arn: str | None = None
    regions: tuple[str, ...] | None = None
    default: bool = False
    protected: bool = False
    # the takeover alarm's push path: the SQS queue EventBridge forwards CloudTrail events to
    # (infra/alarm-events.yaml); optional, the poll works without it
    alarm_queue_url: str | None = None

    @field_validator("account_id", mode="before")
    @classmethod
    def _account_id(cls, value: object) -> str:
        # YAML reads an unquoted ID as an int and drops leading zeros; put them back.
        text = str(value).zfill(12) if isinstance(value, int) else str(value)
        if not re.fullmatch(r"\d{12}", text):
            raise ValueError("must be the 12-digit AWS account ID, quoted")
        return text

    @field_validator("regions")
    @classmethod
    def _regions(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None:
            if not value:
                raise ValueError("leave it out to scan every enabled region, or list at least one")
            bad = [r for r in value if not _REGION.match(r)]
            if bad:
                raise ValueError(f"not region names: {', '.join(bad)}")
        return value

    @field_validator("alarm_queue_url")
    @classmethod
    def _queue_url(cls, value: str | None) -> str | None:
        if value is not None and not _QUEUE_URL.match(value):
            raise ValueError(
                "not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>): "
                "the stack's AlarmQueueUrl output"
            )
        return value

    @model_validator(mode="after")
    def _roles_belong_to_account(self) -> Account:
        for field in ("audit_role_arn", "cleanup_role_arn"):
            arn = getattr(self, field)
            if arn is None:
                continue
            match = _ROLE_ARN.match(arn)
            if not match:
                raise ValueError(f"{field}: not an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
            if match.group(1) != self.account_id:
                raise ValueError(f"{field}: role is in account {match.group(1)}, not {self.account_id}")
        if self.cleanup_role_arn and self.cleanup_role_arn == self.audit_role_arn:
            raise ValueError("cleanup_role_arn must differ from audit_role_arn: audits never write")
        return self


class Accounts(Sequence[Account]):
    """The accounts by name, with the rule for which one a command means."""

    def __init__(self, accounts: Sequence[Account]) -> None:
        self._items = tuple(accounts)
        names = [a.name for a in self._items]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ConfigError(f"accounts: duplicate name {', '.join(dupes)}")
        defaults = [a.name for a in self._items if a.default]
        if len(defaults) > 1:
            raise ConfigError(f"accounts: only one may be default, found {', '.join(defaults)}")

    def __getitem__(self, index: int) -> Account:  # type: ignore[override]
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Account]:
        return iter(self._items)

    @property
    def names(self) -> list[str]:
        return [a.name for a in self._items]

    @property
    def default(self) -> Account | None:
        marked = [a for a in self._items if a.default]
        if marked:
            return marked[0]
        return self._items[0] if len(self._items) == 1 else None

    def resolve(self, name: str | None) -> Account:
        """The account a user meant: by name or ID, else the default; a clear error otherwise."""
        if not self._items:
            raise UserError("No AWS accounts are configured yet: add one to the accounts file (see README).")
        if not name:
            if self.default is None:
                raise UserError(f"Which account? Name one of: {self._listing()}.")
            return self.default
        wanted = name.strip().lower()
        for account in self._items:
            if wanted in (account.name, account.account_id):
                return account
        raise UserError(f"Unknown account `{name}`. Known accounts: {self._listing()}.")

    def _listing(self) -> str:
        return ", ".join(f"`{n}`" for n in self.names)


def load_accounts(path: Path) -> Accounts:
    """Read and validate the accounts file; raise ConfigError with one line naming the bad field."""
    if not path.exists():
        return Accounts([])
    try:
        raw = yaml.safe_load(path.read_text()) or []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if isinstance(raw, dict) and "accounts" in raw:
        raw = raw["accounts"]
    if not isinstance(raw, list):
        raise ConfigError(f"{path}: expected a list of accounts")
    return parse_accounts(raw, source=str(path))


def parse_accounts(raw: list[object], source: str = "accounts") -> Accounts:
    accounts = []
    for index, entry in enumerate(raw, start=1):
        label = f"entry {index}"
        if isinstance(entry, dict) and entry.get("name"):
            label += f" ({entry['name']})"
        if not isinstance(entry, dict):
            raise ConfigError(f"{source}: {label}: expected a mapping of fields")
        try:
            accounts.append(Account.model_validate(entry))
        except ValidationError as exc:
            raise ConfigError(f"{source}: {label}: {first_error(exc)}") from None
    return Accounts(accounts)


def first_error(exc: ValidationError) -> str:
    """One readable line for the first problem pydantic found."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        msg = "field required"
    return f"{loc}: {msg}" if loc else msg
