"""Slack checks: the bot token (`auth.test`), its scopes against manifest.yaml, Socket Mode or HTTP
credentials, and membership of the digest and alert channels (`conversations.info`)."""

from __future__ import annotations

from pathlib import Path

import yaml

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yaml"


def manifest_scopes(path: Path = MANIFEST) -> set[str] | None:
    """The bot scopes the app is declared with; None when the manifest is not beside the code."""
    try:
        manifest = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError):
        return None
    return set(((manifest.get("oauth_config") or {}).get("scopes") or {}).get("bot") or [])
