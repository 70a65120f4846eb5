"""The payment ledger in Slack: where paid status comes from, the Mark-paid modal, import reports, PDFs."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from bot.billing.ledger import SOURCES, LedgerStatus, Payment
from bot.billing.payments_csv import ImportReport
from bot.render.blocks import clip, context, escape, line_sections, section
from bot.render.message import Message

MARK_PAID_VIEW = "pastdue.mark_paid"
CSV_COLUMNS = "invoice_id,paid_date,amount,currency,reference"
_SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


def who(actor: str) -> str:
    return f"<@{actor}>" if _SLACK_USER.match(actor) else f"`{escape(actor)}`"


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")


def ledger_line(status: LedgerStatus) -> str:
    """Where paid status comes from, and when it last changed: under every answer."""
    base = "Paid status: this bot's payment ledger (AWS gives no per-invoice paid flag)"
    if status.last_updated is None:
        return f"{base} — empty: nothing recorded paid yet."
    source = SOURCES.get(status.last_source or "", status.last_source or "")
    return (
        f"{base} — {status.entries} recorded; last updated {_when(status.last_updated)} "
        f"by {who(status.last_by or '?')} ({source})."
    )


def import_hint() -> str:
    return f"upload a CSV as a reply in this thread (`{CSV_COLUMNS}`, header required)."


def render_import_prompt(account: str | None, status: LedgerStatus, payers: str) -> Message:
    lines = [
        "📥 *Record payments from a CSV*: upload the file as a reply *in this thread* and I import it.",
        f"Columns (header required, order free): `{CSV_COLUMNS}`",
        "```invoice_id,paid_date,amount,currency,reference\n"
        "1871634509,2026-11-20,1568.40,USD,wire #A17\n"
        "KR26-0087125,2026-11-21,,,card ending 4242```",
        "• `invoice_id` (AWS's, verbatim) and `paid_date` (YYYY-MM-DD) are required; `amount` and "
        "`currency` go together (plain number, no thousands separator); `reference` is free text.",
        "• Bad rows are reported by line number and skipped; good rows are kept. Importing the same "
        "file twice changes nothing.",
        f"• Who may import: {payers}. From a shell: `python -m bot import-payments FILE.csv`.",
    ]
    text = "Upload a payments CSV as a reply in this thread"
    if account:
        text += f" ({account})"
    return Message(text=text, blocks=[*line_sections(lines), context(ledger_line(status))])


def render_import_report(report: ImportReport, filename: str, by: str) -> Message:
    head = "✅" if report.ok else "⚠️"
    summary = (
        f"{head} Imported `{escape(filename)}` for {who(by)}: {len(report.recorded)} recorded, "
        f"{len(report.already)} already in the ledger, {len(report.errors)} line(s) refused."
    )
    lines = [escape(line) for line in report.lines()]
    tail = "Run `/aws-pastdue` again to see the table without them." if report.recorded else ""
    return Message(
        text=clip(summary, 300),
        blocks=[section(summary), *line_sections(lines), *([context(tail)] if tail else [])],
    )


def render_marked_paid(payment: Payment, new: bool) -> str:
    ref = f", reference {escape(payment.reference)}" if payment.reference else ""
    if not new:
        return (
            f"Invoice `{payment.invoice_id}` was already recorded paid on {payment.paid_date} by "
            f"{who(payment.recorded_by)} ({payment.source_label}){ref}; nothing changed."
        )
    return (
        f"✅ Invoice `{payment.invoice_id}` recorded paid by {who(payment.recorded_by)} "
        f"(paid {payment.paid_date}{ref}). It leaves the past-due table on the next `/aws-pastdue`."
    )


def mark_paid_view(invoice_id: str, metadata: dict[str, Any], today: date) -> dict[str, Any]:
    """The small modal behind Mark paid: date paid (default today) and an optional reference."""
    return {
        "type": "modal",
        "callback_id": MARK_PAID_VIEW,
        "private_metadata": json.dumps(metadata),
        "title": {"type": "plain_text", "text": "Mark invoice paid"},
        "submit": {"type": "plain_text", "text": "Record payment"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"Invoice `{escape(invoice_id)}` will be recorded as paid in the bot's ledger."),
            {
                "type": "input",
                "block_id": "paid_date",
                "label": {"type": "plain_text", "text": "Date paid"},
                "element": {"type": "datepicker", "action_id": "value", "initial_date": today.isoformat()},
            },
            {
                "type": "input",
                "block_id": "reference",
                "optional": True,
                "label": {"type": "plain_text", "text": "Reference (wire, card charge, receipt…)"},
                "element": {"type": "plain_text_input", "action_id": "value", "max_length": 200},
            },
        ],
    }


def render_pdf(invoice_id: str, pdf: dict[str, Any]) -> str:
    url = pdf.get("DocumentUrl")
    if not url:
        return f"AWS returned no PDF for invoice `{escape(invoice_id)}` (it may not be issued as a document)."
    expires = pdf.get("DocumentUrlExpirationDate")
    until = f" (the link expires {expires:%Y-%m-%d %H:%M UTC})" if isinstance(expires, datetime) else ""
    lines = [
        f"📄 Invoice `{escape(invoice_id)}`: <{url}|download the PDF>{until}. "
        "Only you see this link; it is not stored."
    ]
    for doc in pdf.get("SupplementalDocuments") or []:
        if doc.get("DocumentUrl"):
            kind = str(doc.get("DocumentType", "document")).replace("_", " ").lower()
            lines.append(f"• <{doc['DocumentUrl']}|{kind}> `{escape(doc.get('DocumentId', ''))}`")
    return "\n".join(lines)
