"""Block Kit builders that respect Slack's limits, so no renderer can produce an invalid message.

Limits (api.slack.com/reference/block-kit): 50 blocks a message, 3000 characters a section text,
2000 a field, 150 a header, 75 a button label, 2000 a button value, 10 fields, 10 context elements,
25 elements an actions block.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from bot.render.message import CsvFile

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_FIELD = 2000
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_FIELDS = 10
MAX_CONTEXT = 10
MAX_ACTIONS = 25
MAX_TEXT = 3000  # the message's fallback text: Slack truncates past 40k, notifications far sooner

Block = dict[str, Any]


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: object) -> str:
    """Make user- or AWS-provided text safe inside mrkdwn (no accidental links or mentions)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, MAX_HEADER), "emoji": True}}


def section(text: str, accessory: Block | None = None, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION)}}
    if accessory:
        block["accessory"] = accessory
    if block_id:
        block["block_id"] = block_id[:255]
    return block


def fields(pairs: Iterable[tuple[str, str]]) -> Block:
    items = [{"type": "mrkdwn", "text": clip(f"*{k}*\n{v}", MAX_FIELD)} for k, v in pairs][:MAX_FIELDS]
    return {"type": "section", "fields": items}


def context(*texts: str) -> Block:
    elements = [{"type": "mrkdwn", "text": clip(t, MAX_SECTION)} for t in texts if t][:MAX_CONTEXT]
    return {"type": "context", "elements": elements or [{"type": "mrkdwn", "text": " "}]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str,
    action_id: str,
    value: str,
    *,
    style: str | None = None,
    confirm: Block | None = None,
) -> Block:
    if len(value) > MAX_BUTTON_VALUE:
        raise ValueError("button values carry only an ID; keep the facts in the store")
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(text, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id[:255],
        "value": value,
    }
    if style in ("primary", "danger"):
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def confirm_dialog(title: str, text: str, ok: str = "Yes", deny: str = "Cancel") -> Block:
    return {
        "title": {"type": "plain_text", "text": clip(title, 100)},
        "text": {"type": "mrkdwn", "text": clip(text, 300)},
        "confirm": {"type": "plain_text", "text": clip(ok, 30)},
        "deny": {"type": "plain_text", "text": clip(deny, 30)},
    }


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)[:MAX_ACTIONS]}
    if block_id:
        block["block_id"] = block_id[:255]
    return block


def line_sections(lines: Sequence[str], limit: int = MAX_SECTION) -> list[Block]:
    """Pack lines into as few sections as fit, never splitting a line."""
    blocks: list[Block] = []
    chunk: list[str] = []
    size = 0
    for line in lines:
        line = clip(line, limit)
        if chunk and size + len(line) + 1 > limit:
            blocks.append(section("\n".join(chunk)))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        blocks.append(section("\n".join(chunk)))
    return blocks


def code_table(
    header_row: Sequence[str], rows: Sequence[Sequence[Any]], limit: int = MAX_SECTION
) -> list[Block]:
    """A monospace table; split across sections (each repeating the header) when long."""
    cells = [[str(c) for c in header_row]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header_row))]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    head, body = lines[0], lines[1:]
    blocks: list[Block] = []
    chunk: list[str] = []
    budget = limit - len(head) - 10
    for line in body:
        if chunk and sum(len(x) + 1 for x in chunk) + len(line) > budget:
            blocks.append(section("```" + "\n".join([head, *chunk]) + "```"))
            chunk = []
        chunk.append(clip(line, budget))
    blocks.append(section("```" + "\n".join([head, *chunk]) + "```"))
    return blocks


def table_or_csv(
    title: str,
    header_row: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    max_rows: int,
    filename: str,
) -> tuple[list[Block], CsvFile | None]:
    """Up to `max_rows` rows inline; beyond that, the first rows inline and every row in a CSV."""
    if len(rows) <= max_rows:
        return code_table(header_row, rows), None
    blocks = code_table(header_row, rows[:max_rows])
    blocks.append(context(f"Showing {max_rows} of {len(rows)}; all {len(rows)} are in `{filename}` below."))
    return blocks, CsvFile(filename=filename, title=title, header=list(header_row), rows=list(rows))


def chunk_blocks(blocks: Sequence[Block], size: int = MAX_BLOCKS) -> list[list[Block]]:
    """Split a long list of blocks into messages of at most `size` blocks."""
    return [list(blocks[i : i + size]) for i in range(0, len(blocks), size)] or [[]]


def violations(blocks: Sequence[Block], max_blocks: int = MAX_BLOCKS) -> list[str]:
    """What in these blocks breaks a Block Kit limit (used by tests and the bench).

    `max_blocks` is 50 for a message, 100 for a modal or the Home tab.
    """
    problems = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks > {max_blocks}")
    for i, block in enumerate(blocks):
        text = block.get("text", {})
        if block["type"] == "section" and len(text.get("text", "")) > MAX_SECTION:
            problems.append(f"block {i}: section text {len(text['text'])} > {MAX_SECTION}")
        if block["type"] == "header" and len(text.get("text", "")) > MAX_HEADER:
            problems.append(f"block {i}: header {len(text['text'])} > {MAX_HEADER}")
        if len(block.get("fields", [])) > MAX_FIELDS:
            problems.append(f"block {i}: {len(block['fields'])} fields > {MAX_FIELDS}")
        for element in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else []):
            if element.get("type") == "button":
                if len(element.get("value", "")) > MAX_BUTTON_VALUE:
                    problems.append(f"block {i}: button value > {MAX_BUTTON_VALUE}")
                if len(element["text"]["text"]) > MAX_BUTTON_TEXT:
                    problems.append(f"block {i}: button text > {MAX_BUTTON_TEXT}")
        if block["type"] == "actions" and len(block["elements"]) > MAX_ACTIONS:
            problems.append(f"block {i}: {len(block['elements'])} actions > {MAX_ACTIONS}")
        if block["type"] == "context" and len(block["elements"]) > MAX_CONTEXT:
            problems.append(f"block {i}: {len(block['elements'])} context elements > {MAX_CONTEXT}")
    return problems
