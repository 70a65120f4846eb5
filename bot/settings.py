"""Every environment variable of the contract, validated once at start-up.

A wrong value stops the bot with one line naming the variable: a bot that starts with a broken
configuration fails later, in the middle of an incident, which is worse.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.accounts import Accounts, first_error, load_accounts
from bot.errors import ConfigError

_SLACK_ID = re.compile(r"^[USW][A-Z0-9]{2,}$")


def _split(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return list(value)  # type: ignore[call-overload]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = Field(default=3000, ge=1, le=65535)
    database_url: str = "sqlite:///chatops.db"
    accounts_file: Path = Path("accounts.yaml")
    approvers: Annotated[list[str], NoDecode] = []
    payers: Annotated[list[str], NoDecode] = []
    fx_rates: Annotated[dict[str, Decimal], NoDecode] = {}
    cleanup_mode: Literal["dry-run", "execute"] = "dry-run"
    alert_channel: str | None = None
    watch_interval: int = Field(default=300, ge=0)
    digest_channel: str | None = None
    digest_cron: str = "0 9 * * *"
    digest_timezone: str = "UTC"
    # Additions beyond the contract's table (all optional).
    job_workers: int = Field(default=4, ge=1, le=64)  # account scans at once (bot/jobs.py)
    aws_workers: int = Field(default=32, ge=1, le=256)
    log_level: str = "INFO"

    @field_validator("approvers", "payers", mode="before")
    @classmethod
    def _ids(cls, value: object) -> list[str]:
        ids = _split(value)
        bad = [i for i in ids if not _SLACK_ID.match(i)]
        if bad:
            raise ValueError(f"expected Slack user (U…/W…) or user-group (S…) IDs, got {', '.join(bad)}")
        return ids

    @field_validator("fx_rates", mode="before")
    @classmethod
    def _rates(cls, value: object) -> dict[str, Decimal]:
        if isinstance(value, dict):
            return value
        rates: dict[str, Decimal] = {}
        for part in _split(value):
            code, _, rate = part.partition("=")
            code = code.strip().upper()
            try:
                number = Decimal(rate.strip())
            except InvalidOperation:
                number = Decimal(0)
            if not re.fullmatch(r"[A-Z]{3}", code) or number <= 0:
                raise ValueError(f"expected CUR=rate pairs such as KRW=1380, got '{part}'")
            rates[code] = number
        return rates

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("alert_channel", "digest_channel", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return value or None

    @field_validator("digest_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone '{value}'") from None
        return value

    @field_validator("digest_cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        from bot.scheduler import crontab

        try:
            crontab(value)
        except ValueError as exc:
            raise ValueError(f"not a 5-field cron expression ({exc})") from None
        return value

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    @property
    def effective_alert_channel(self) -> str | None:
        return self.alert_channel or self.digest_channel

    @property
    def effective_payers(self) -> list[str]:
        return self.payers or self.approvers

    def require_serving(self) -> None:
        """What `python -m bot` needs beyond what the demo needs."""
        if self.slack_bot_token is None:
            raise ConfigError("SLACK_BOT_TOKEN is required to serve Slack (the bot token, xoxb-…)")
        if not self.socket_mode and self.slack_signing_secret is None:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)"
            )


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment (and .env), with one clear line on the first bad field."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]).upper() if err["loc"] else "settings"
        detail = first_error(exc).split(": ", 1)[-1]
        raise ConfigError(f"{field}: {detail}") from None


def load_configuration(**overrides: object) -> tuple[Settings, Accounts]:
    settings = load_settings(**overrides)
    return settings, load_accounts(settings.accounts_file)
