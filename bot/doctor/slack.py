"""Slack checks: the bot token (`auth.test`), its scopes against manifest.yaml, Socket Mode or HTTP
credentials, and membership of the digest and alert channels (`conversations.info`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.doctor.report import Line, fail, ok, skip
from bot.settings import Settings
from bot.slack.client import make_web_client

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yaml"


def manifest_scopes(path: Path = MANIFEST) -> set[str] | None:
    """The bot scopes the app is declared with; None when the manifest is not beside the code."""
    try:
        manifest = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError):
        return None
    return set(((manifest.get("oauth_config") or {}).get("scopes") or {}).get("bot") or [])


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return None


def _error(exc: SlackApiError) -> str:
    return str(exc.response.get("error") or exc.response.status_code)


def check_token(settings: Settings) -> tuple[list[Line], WebClient | None]:
    """auth.test with the bot token, then its granted scopes against manifest.yaml's."""
    if settings.slack_bot_token is None:
        return [
            fail(
                "SLACK_BOT_TOKEN is not set",
                "copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page "
                "into SLACK_BOT_TOKEN (the environment or .env)",
            )
        ], None
    if not settings.slack_bot_token.get_secret_value().startswith("xoxb-"):
        return [
            fail(
                "SLACK_BOT_TOKEN is not a bot token (it should start with xoxb-)",
                "use the Bot User OAuth Token from OAuth & Permissions, not a user (xoxp-) or an "
                "app-level (xapp-) token",
            )
        ], None
    client = make_web_client(settings)
    try:
        answer = client.auth_test()
    except SlackApiError as exc:
        code = _error(exc)
        fix = (
            "the token was revoked or mistyped: reinstall the app to the workspace (OAuth & Permissions → "
            "Reinstall) and copy the new Bot User OAuth Token into SLACK_BOT_TOKEN"
            if code in ("invalid_auth", "not_authed", "token_revoked", "account_inactive")
            else f"Slack answered {code}; check SLACK_API_URL ({settings.slack_api_url}) and try again"
        )
        return [fail(f"bot token: auth.test refused it ({code})", fix)], None
    except (OSError, ValueError) as exc:
        return [
            fail(
                f"bot token: Slack could not be reached at {settings.slack_api_url} ({type(exc).__name__})",
                "check the network, a proxy, or SLACK_API_URL",
            )
        ], None
    lines = [
        ok(f"bot token: @{answer.get('user')} in workspace {answer.get('team')} ({answer.get('team_id')})")
    ]
    lines.append(check_scopes(_header(answer.headers, "x-oauth-scopes")))
    return lines, client


def check_scopes(granted_header: str | None, wanted: set[str] | None = None) -> Line:
    wanted = manifest_scopes() if wanted is None else wanted
    if wanted is None:
        return skip("scopes: manifest.yaml not found beside the code, nothing to compare with")
    if granted_header is None:
        return skip("scopes: Slack did not say which scopes the token has (no x-oauth-scopes header)")
    granted = {s.strip() for s in granted_header.split(",") if s.strip()}
    missing = sorted(wanted - granted)
    if missing:
        return fail(
            f"scopes: missing {', '.join(missing)}",
            "add them under OAuth & Permissions → Bot Token Scopes (or re-create the app from "
            "manifest.yaml), then reinstall the app to the workspace: new scopes apply only after that",
        )
    return ok(f"scopes: all {len(wanted)} of manifest.yaml granted")


def check_transport(settings: Settings) -> Line:
    """Socket Mode needs an app-level token (checked with apps.connections.open); HTTP a signing secret."""
    if settings.slack_app_token is not None:
        token = settings.slack_app_token.get_secret_value()
        if not token.startswith("xapp-"):
            return fail(
                "SLACK_APP_TOKEN is not an app-level token (it should start with xapp-)",
                "Basic Information → App-Level Tokens → Generate, with the connections:write scope",
            )
        try:
            WebClient(base_url=settings.slack_api_url, timeout=30).apps_connections_open(app_token=token)
        except SlackApiError as exc:
            return fail(
                f"Socket Mode: apps.connections.open refused SLACK_APP_TOKEN ({_error(exc)})",
                "generate an app-level token with connections:write (Basic Information → App-Level "
                "Tokens) and turn Socket Mode on (Settings → Socket Mode)",
            )
        except (OSError, ValueError) as exc:
            return fail(
                f"Socket Mode: Slack unreachable ({type(exc).__name__})", "check the network or a proxy"
            )
        return ok("Socket Mode: SLACK_APP_TOKEN works (no public URL needed)")
    if settings.slack_signing_secret is None:
        return fail(
            "HTTP mode without SLACK_SIGNING_SECRET: every request from Slack would be refused",
            "copy Basic Information → Signing Secret into SLACK_SIGNING_SECRET, or set SLACK_APP_TOKEN "
            "to use Socket Mode instead",
        )
    return ok(
        f"HTTP mode: SLACK_SIGNING_SECRET set; Slack must reach POST https://<your host>/slack/events "
        f"(port {settings.port})"
    )


def check_channels(settings: Settings, client: WebClient | None) -> list[Line]:
    """The digest and alert channels: the bot must be a member to post there."""
    wanted = {"DIGEST_CHANNEL": settings.digest_channel, "ALERT_CHANNEL": settings.alert_channel}
    if not settings.digest_channel:
        lines = [skip("DIGEST_CHANNEL not set: no daily digest (set it to a channel ID, C…)")]
    else:
        lines = []
    seen: set[str] = set()
    for name, channel in wanted.items():
        if not channel or channel in seen:
            continue
        seen.add(channel)
        if client is None:
            lines.append(skip(f"{name} {channel}: not checked (the bot token does not work)"))
            continue
        lines.append(_channel_line(client, name, channel))
    return lines


def _channel_line(client: WebClient, name: str, channel: str) -> Line:
    try:
        info = client.conversations_info(channel=channel).get("channel") or {}
    except SlackApiError as exc:
        code = _error(exc)
        if code == "missing_scope":
            return fail(
                f"{name} {channel}: the token may not read channels ({code})",
                "add channels:read and groups:read (manifest.yaml has them) and reinstall the app",
            )
        return fail(
            f"{name} {channel}: {code}",
            "use the channel's ID (channel details → About → Channel ID, C…), not its name; a private "
            "channel is only visible once the bot is invited to it",
        )
    label = f"#{info.get('name')}" if info.get("name") else channel
    if not info.get("is_member"):
        return fail(
            f"{name} {channel} ({label}): the bot is not a member",
            f"in {label}, type `/invite @AWS ChatOps` (or the bot's display name)",
        )
    return ok(f"{name} {channel} ({label}): the bot is a member")
