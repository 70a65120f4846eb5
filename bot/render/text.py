"""Block Kit as plain text, for the terminal demo: what a person would read in Slack."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")


def mrkdwn_to_text(text: str) -> str:
    """Slack mrkdwn as plain text; inside ``` code nothing is formatting (an SCP's `"*"` stays)."""
    parts = text.split("```")
    return "".join(_entities(part) if i % 2 else _plain(part) for i, part in enumerate(parts))


def _plain(text: str) -> str:
    text = _LINK.sub(r"\2 (\1)", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"<@([A-Z0-9]+)>", r"@\1", text)
    text = re.sub(r"<#([A-Z0-9]+)(\|[^>]*)?>", r"#\1", text)
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text)
    return _entities(text)


def _entities(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def blocks_to_text(blocks: Sequence[dict[str, Any]], indent: str = "") -> str:
    out: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            title = block["text"]["text"]
            out += [title.upper(), "=" * min(len(title), 72)]
        elif kind == "section":
            if "text" in block:
                out.append(mrkdwn_to_text(block["text"]["text"]))
            for item in block.get("fields", []):
                out.append("  " + mrkdwn_to_text(item["text"]).replace("\n", ": ", 1))
            accessory = block.get("accessory")
            if accessory and accessory.get("type") == "button":
                out.append(f"  [{accessory['text']['text']}]")
        elif kind == "context":
            out.append("  " + " · ".join(mrkdwn_to_text(e.get("text", "")) for e in block["elements"]))
        elif kind == "divider":
            out.append("-" * 40)
        elif kind == "actions":
            out.append("  " + "  ".join(f"[{e['text']['text']}]" for e in block["elements"] if "text" in e))
        elif kind == "image":
            out.append(f"  (image: {block.get('alt_text', '')})")
    return "\n".join(indent + line for chunk in out for line in chunk.split("\n"))
