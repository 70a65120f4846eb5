"""`/aws-pastdue` as Slack messages: a parent a payer can act on, the aging and invoices in the thread.

Parent: AWS's own payment signals first (they are authoritative), then the USD total past due,
the oldest bucket holding money, the pre-suspension warning when anything is 91+ days late, one
line per seller of record, and where paid status came from. Thread: aging per currency, the
invoice lines (IDs verbatim; CSV when long), Mark paid / Invoice PDF buttons, what to do per seller.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from bot.billing.aging import BUCKETS, LABELS, Aging, OpenItem, SellerDue
from bot.billing.fx import UsdSource
from bot.billing.pastdue import SOURCES, PastDueReport
from bot.model import money
from bot.render.blocks import (
    actions,
    button,
    code_table,
    context,
    escape,
    line_sections,
    section,
    table_or_csv,
)
from bot.render.message import Message
from bot.render.payments import import_hint, ledger_line

PAYMENTS_URL = "https://console.aws.amazon.com/billing/home#/paymentsdashboard"
SUPPORT_URL = "https://support.console.aws.amazon.com/support/home#/case/create?issueType=customer-service"
PRE_SUSPENSION = "Pre-suspension: pay or contact AWS Support now."
MAX_LINES_INLINE = 30
MAX_BUTTON_ROWS = 15
SEVERITY_EMOJI = {"CRITICAL": "🚨", "WARNING": "⚠️", "INFO": "ℹ️"}
LINE_HEADER = ("Period", "Seller", "Type", "Amount", "≈USD", "Due", "Late", "Invoice ID")


def number(value: Decimal, currency: str) -> str:
    """1,234.56 (USD) or 14,322,721 (KRW): the currency's minor units, without its symbol."""
    text = money(value, currency)
    sign = "-" if text.startswith("-") else ""
    return sign + text.lstrip("-").removeprefix("$").removeprefix(f"{currency} ")


def _usd(item: OpenItem) -> str:
    if item.usd.value is None:
        return "—"
    mark = " ~" if item.usd.approximate else ""
    return number(item.usd.value, "USD") + mark


def _late(item: OpenItem) -> str:
    if item.days_late is None:
        return "no due date"
    return str(item.days_late) if item.days_late > 0 else "not due"


def _seller_line(seller: SellerDue) -> str:
    amount = money(seller.past_due, seller.currency)
    if seller.currency != "USD":
        if seller.unconverted:
            amount += " (no USD rate: not in the total)"
        else:
            amount += f" (≈{money(seller.past_due_usd)}{' approx.' if seller.approximate else ''})"
    oldest = seller.oldest_bucket
    tail = f" · oldest *{LABELS[oldest]}* days" if oldest else ""
    return f"• *{escape(seller.seller)}* — {amount} past due{tail}"


def _signals(report: PastDueReport) -> list[str]:
    lines = []
    if report.account_in_trouble:
        lines.append(
            f"⛔ *AWS account state: {report.account_state}.* Pay the past-due invoices and open a "
            f"Support case to restore the account: <{SUPPORT_URL}|Account and billing support>."
        )
    for action in report.actions or []:
        emoji = SEVERITY_EMOJI.get(action.severity, "ℹ️")
        steps = "; ".join(escape(s) for s in action.next_steps[:2])
        lines.append(
            f"{emoji} *AWS says: {action.label}* ({action.severity.lower()})"
            + (f" — {steps}" if steps else "")
        )
    return lines


def _problems(report: PastDueReport, *, skip: str | None = None) -> list[str]:
    return [
        f"⚠️ Could not read {SOURCES[key]}: {problem.describe()}"
        for key, problem in report.problems.items()
        if key != skip
    ]


def _fx_note(aging: Aging, fx_rates: Mapping[str, Decimal]) -> str:
    notes = []
    approx = sorted({i.invoice.currency for i in aging.items if i.usd.source is UsdSource.FX_RATES})
    if approx:
        rates = ", ".join(f"{c}={fx_rates[c]}" for c in approx)
        notes.append(f"~ approximate: converted at FX_RATES ({rates} per USD), the invoice carries no rate")
    missing = sorted({s.currency for s in aging.unconverted})
    if missing:
        notes.append(
            f"{', '.join(missing)} not in the USD total: no exchange rate on the invoice and none in "
            f"FX_RATES (e.g. FX_RATES={missing[0]}=…)"
        )
    if not notes:
        return "≈USD from the invoices' own USD amounts and exchange rates."
    return "≈USD from the invoices' own amounts and rates; " + "; ".join(notes) + "."


def render_parent(report: PastDueReport, fx_rates: Mapping[str, Decimal]) -> Message:
    who = f"*{escape(report.account)}* ({report.account_id})"
    blocks = [section(line) for line in _signals(report)]
    aging = report.aging
    if aging is None:
        problem = report.problems.get("invoices")
        why = problem.describe() if problem else "unknown error"
        text = f"⚠️ {report.account}: could not read the invoices — {why}"
        blocks.append(
            section(f"⚠️ {who}: could not read the invoices — {escape(why)}. Past-due amounts unknown.")
        )
        blocks.append(context(*_problems(report, skip="invoices"), ledger_line(report.ledger)))
        return Message(text=text, blocks=blocks)
    oldest = aging.oldest_bucket
    if oldest is None:
        current = [s for s in aging.sellers if s.buckets["current"] > 0]
        text = f"✅ {report.account}: nothing past due"
        detail = f"{report.invoices_read} invoice(s) read; every one is recorded paid or not yet due."
        if current:
            due = ", ".join(money(s.buckets["current"], s.currency) for s in current)
            detail += f" Due soon: {due}."
        blocks.append(section(f"✅ {who}: *nothing past due.* {detail}"))
    else:
        total = " + ".join(
            [money(aging.past_due_usd)]
            + [f"{money(s.past_due, s.currency)} (no USD rate)" for s in aging.unconverted]
        )
        approx = " (approximate)" if aging.approximate else ""
        sellers = len([s for s in aging.sellers if s.past_due > 0])
        text = (
            f"💸 {report.account}: {total} past due{approx} across {sellers} seller(s); "
            f"oldest {LABELS[oldest]} days"
        )
        blocks.append(
            section(f"💸 {who}: *{total} past due*{approx} · oldest bucket *{LABELS[oldest]} days*")
        )
        if oldest == "91+":
            text += f" — {PRE_SUSPENSION}"
            late = ", ".join(
                f"{money(s.buckets['91+'], s.currency)} to {escape(s.seller)}"
                for s in aging.sellers_in("91+")
            )
            usd = f" (≈{money(aging.usd_91_plus)} in all)" if len(aging.sellers_in("91+")) > 1 else ""
            blocks.append(section(f"⚠️ *{PRE_SUSPENSION}* 91+ days past due: {late}{usd}."))
        blocks.extend(line_sections([_seller_line(s) for s in aging.sellers if s.past_due != 0]))
        if aging.unconverted:
            blocks.append(context(_fx_note(aging, fx_rates)))
    if report.aws_contradicts_ledger:
        blocks.append(
            context(
                "AWS's recommended actions report no past-due payment. If these invoices were paid, "
                "record them (Mark paid in the thread, or a CSV) so they leave this list."
            )
        )
    blocks.append(context(*_problems(report), ledger_line(report.ledger)))
    return Message(text=text, blocks=blocks)


def render_aging(aging: Aging, fx_rates: Mapping[str, Decimal]) -> Message:
    header = ("Currency", *(LABELS[b] for b in BUCKETS), "Total")
    rows = [
        (currency, *(number(row[b], currency) for b in BUCKETS), number(sum(row.values()), currency))
        for currency, row in aging.by_currency().items()
    ]
    usd = aging.usd_by_bucket()
    if any(c != "USD" for c in aging.by_currency()):
        rows.append(("≈USD", *(number(usd[b], "USD") for b in BUCKETS), number(sum(usd.values()), "USD")))
    blocks = [section(f"*Aging by currency* (days past due date, as of {aging.as_of} UTC)")]
    blocks.extend(code_table(header, rows))
    blocks.append(context(_fx_note(aging, fx_rates)))
    return Message(text="Aging by currency", blocks=blocks)


def _line(item: OpenItem) -> tuple[str, ...]:
    inv = item.invoice
    return (
        inv.period_label,
        inv.seller,
        "credit memo" if inv.is_credit else "invoice",
        money(inv.amount, inv.currency).replace("$", "USD "),
        _usd(item),
        str(inv.due or inv.issued or "—"),
        _late(item),
        inv.invoice_id,
    )


def render_lines(report: PastDueReport) -> Message:
    aging = report.aging
    assert aging is not None
    rows = [_line(i) for i in aging.items]
    blocks = [section(f"*Unpaid invoices* ({len(rows)}, oldest first)")]
    files = []
    if rows:
        table, csv_file = table_or_csv(
            f"Unpaid invoices — {report.account}",
            LINE_HEADER,
            rows,
            max_rows=MAX_LINES_INLINE,
            filename=f"pastdue-{report.account}-{aging.as_of}.csv",
        )
        blocks.extend(table)
        files = [csv_file] if csv_file else []
    else:
        blocks.append(context("None: every invoice read is recorded paid."))
    credits = [i for i in aging.items if i.invoice.is_credit and i.invoice.original_invoice_id]
    if credits:
        blocks.append(
            context(
                "Credit memos reduce what is owed, aged with the invoice they credit: "
                + ", ".join(f"`{i.invoice.invoice_id}` → `{i.invoice.original_invoice_id}`" for i in credits)
            )
        )
    if aging.paid:
        shown = aging.paid[:10]
        paid = ", ".join(
            f"`{inv.invoice_id}` (paid {p.paid_date}, {p.source_label}"
            + (f", ref {escape(p.reference)}" if p.reference else "")
            + ")"
            for inv, p in shown
        )
        more = f" and {len(aging.paid) - len(shown)} more" if len(aging.paid) > len(shown) else ""
        blocks.append(context(f"Recorded paid in the ledger, so not listed: {paid}{more}."))
    return Message(text="Unpaid invoices", blocks=blocks, files=files)


def render_buttons(report: PastDueReport) -> Message | None:
    aging = report.aging
    if aging is None:
        return None
    items = [i for i in aging.items if not i.invoice.is_credit][:MAX_BUTTON_ROWS]
    if not items:
        return None
    blocks = [section("*Per invoice*: record a payment, or get the PDF (a link only you see).")]
    for item in items:
        inv = item.invoice
        late = f"{item.days_late} days late" if item.days_late and item.days_late > 0 else "not yet due"
        blocks.append(
            section(
                f"`{inv.invoice_id}` · {escape(inv.seller)} · {inv.period_label} · "
                f"{money(inv.amount, inv.currency)} · {late}"
            )
        )
        value = f"{report.account}:{inv.invoice_id}"
        blocks.append(
            actions(
                button("Mark paid", "pastdue.mark_paid", value, style="primary"),
                button("Invoice PDF", "pastdue.pdf", value),
            )
        )
    rest = len([i for i in aging.items if not i.invoice.is_credit]) - len(items)
    if rest > 0:
        blocks.append(context(f"Buttons for the {len(items)} oldest; record the other {rest} with a CSV."))
    return Message(text="Mark paid / Invoice PDF", blocks=blocks)


def render_todo(report: PastDueReport) -> Message:
    lines = ["*What to do*"]
    aging = report.aging
    owing = [s for s in aging.sellers if s.past_due > 0] if aging is not None else []
    if aging is not None and owing:
        lines.append(
            f"Pay on the <{PAYMENTS_URL}|Billing console's Payments page>: each seller of record is paid "
            "separately, in its own currency."
        )
        for seller in owing:
            count = sum(
                1
                for i in aging.items
                if i.past_due
                and not i.invoice.is_credit
                and (i.invoice.seller, i.invoice.currency) == (seller.seller, seller.currency)
            )
            oldest = LABELS[seller.oldest_bucket] if seller.oldest_bucket else "—"
            owed = money(seller.past_due, seller.currency)
            lines.append(f"• *{escape(seller.seller)}*: {count} invoice(s), {owed}, oldest {oldest} days")
    lines.append(
        f"Disputing a charge, or need time? Open a <{SUPPORT_URL}|Support case (Account and billing)> "
        "and ask for a grace period before anything reaches 91 days."
    )
    lines.append(f"Already paid? Press *Mark paid* above, or {import_hint()}")
    return Message(text="What to do", blocks=line_sections(lines))


def render_pastdue(report: PastDueReport, fx_rates: Mapping[str, Decimal]) -> tuple[Message, list[Message]]:
    """The parent message and the thread replies of one `/aws-pastdue` answer."""
    parent = render_parent(report, fx_rates)
    if report.aging is None:
        return parent, [render_todo(report)]
    thread = [render_aging(report.aging, fx_rates), render_lines(report)]
    buttons = render_buttons(report)
    if buttons:
        thread.append(buttons)
    thread.append(render_todo(report))
    if report.malformed:
        thread.append(
            Message(text="Skipped", blocks=[context("Skipped: " + "; ".join(report.malformed[:10]))])
        )
    return parent, thread
