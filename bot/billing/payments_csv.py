"""Payments recorded in bulk from a CSV file (the CLI's import-payments, or a file uploaded in Slack).

Format (UTF-8, comma-separated, header required, column order free, extra columns ignored):

    invoice_id,paid_date,amount,currency,reference
    1871634509,2026-11-20,1568.40,USD,wire 2026-11-20 #A17

`invoice_id` (AWS's, verbatim) and `paid_date` (YYYY-MM-DD, not in the future) are required;
`amount` and `currency` go together (a plain number such as 1568.40, no thousands separator,
and a three-letter code); `reference` is free text. Bad rows are reported with their line number
and skipped; good rows are kept, so a file can be fixed and imported again (rows already recorded
are reported and left as they were).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from bot.billing.ledger import Payment, record_payment
from bot.store import Store

COLUMNS = ("invoice_id", "paid_date", "amount", "currency", "reference")
REQUIRED = ("invoice_id", "paid_date")
MAX_ROWS = 5000
MAX_BYTES = 1_000_000
_INVOICE_ID = re.compile(r"^[\w./:#-]{1,128}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
FORMAT_HINT = (
    "invoice_id,paid_date,amount,currency,reference (e.g. `1871634509,2026-11-20,1568.40,USD,wire #A17`)"
)


@dataclass(frozen=True)
class PaymentRow:
    line: int
    invoice_id: str
    paid_date: date
    amount: Decimal | None
    currency: str | None
    reference: str | None


@dataclass
class ParsedPayments:
    rows: list[PaymentRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class ImportReport:
    recorded: list[PaymentRow] = field(default_factory=list)
    already: list[tuple[PaymentRow, Payment]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """The per-line report a person reads after an import (CLI and Slack alike)."""
        out = [
            f"Recorded {len(self.recorded)} payment(s)"
            + (
                f": {', '.join(f'line {r.line} {r.invoice_id}' for r in self.recorded)}."
                if self.recorded
                else "."
            )
        ]
        for row, kept in self.already:
            out.append(
                f"line {row.line}: {row.invoice_id} was already recorded paid on {kept.paid_date} "
                f"by {kept.recorded_by} ({kept.source_label}); kept as it was."
            )
        for line, message in self.errors:
            out.append(f"line {line}: {message} (row skipped)")
        return out


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    return data.decode("utf-8-sig")


def parse_payments(data: bytes | str, *, today: date) -> ParsedPayments:
    """Every good row, and (line, what is wrong) for every bad one; never raises on bad content."""
    parsed = ParsedPayments()
    if isinstance(data, bytes) and len(data) > MAX_BYTES:
        parsed.errors.append((0, f"the file is over {MAX_BYTES // 1000} kB; split it"))
        return parsed
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        parsed.errors.append((0, "the file is not UTF-8 text (save it as CSV UTF-8)"))
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        parsed.errors.append((1, f"not a CSV file ({exc})"))
        return parsed
    if header is None or not any(cell.strip() for cell in header):
        parsed.errors.append((1, f"the file is empty; expected a header: {FORMAT_HINT}"))
        return parsed
    names = [cell.strip().lower() for cell in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        parsed.errors.append((1, f"the header lacks {', '.join(missing)}; expected {FORMAT_HINT}"))
        return parsed
    index = {name: names.index(name) for name in COLUMNS if name in names}
    seen: dict[str, int] = {}
    previous = reader.line_num
    try:
        for cells in reader:
            line, previous = previous + 1, reader.line_num  # where the row starts, even if quoted
            if not any(cell.strip() for cell in cells):
                continue
            if len(parsed.rows) + len(parsed.errors) >= MAX_ROWS:
                parsed.errors.append((line, f"more than {MAX_ROWS} rows; the rest were not read"))
                break
            values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in index.items()}
            row_or_error = _row(line, values, today)
            if isinstance(row_or_error, str):
                parsed.errors.append((line, row_or_error))
                continue
            if row_or_error.invoice_id in seen:
                parsed.errors.append(
                    (line, f"{row_or_error.invoice_id} is already on line {seen[row_or_error.invoice_id]}")
                )
                continue
            seen[row_or_error.invoice_id] = line
            parsed.rows.append(row_or_error)
    except csv.Error as exc:
        parsed.errors.append((reader.line_num, f"unreadable CSV from here on ({exc})"))
    return parsed


def _row(line: int, values: dict[str, str], today: date) -> PaymentRow | str:
    invoice_id = values.get("invoice_id", "")
    if not invoice_id:
        return "invoice_id is empty"
    if not _INVOICE_ID.match(invoice_id):
        return f"invoice_id '{invoice_id[:40]}' is not an AWS invoice ID (letters, digits, - . / : #)"
    raw_date = values.get("paid_date", "")
    try:
        paid = date.fromisoformat(raw_date)
        if len(raw_date) != 10:
            raise ValueError
    except ValueError:
        return f"paid_date '{raw_date[:20]}' is not a date (YYYY-MM-DD)"
    if paid > today + timedelta(days=1):  # a day of slack for time zones ahead of UTC
        return f"paid_date {paid} is in the future"
    raw_amount, currency = values.get("amount", ""), values.get("currency", "").upper()
    amount: Decimal | None = None
    if raw_amount:
        if "," in raw_amount or " " in raw_amount:
            return f"amount '{raw_amount[:20]}' has a separator; write it plainly, e.g. 1568.40"
        try:
            amount = Decimal(raw_amount)
        except InvalidOperation:
            return f"amount '{raw_amount[:20]}' is not a number"
        if not amount.is_finite() or amount <= 0:
            return f"amount '{raw_amount[:20]}' must be a positive number"
        if not currency:
            return "amount is given without its currency"
    if currency and not _CURRENCY.match(currency):
        return f"currency '{currency[:10]}' is not a three-letter code such as USD, KRW, IDR"
    if currency and amount is None:
        return "currency is given without an amount"
    reference = values.get("reference", "")
    if len(reference) > 200:
        return "reference is over 200 characters"
    return PaymentRow(line, invoice_id, paid, amount, currency or None, reference or None)


def import_payments(
    store: Store,
    data: bytes | str,
    *,
    recorded_by: str,
    source: str,
    today: date,
    account: str | None = None,
) -> ImportReport:
    """Parse, then record every good row; returns what was recorded, kept and refused, by line."""
    parsed = parse_payments(data, today=today)
    report = ImportReport(errors=list(parsed.errors))
    for row in parsed.rows:
        payment, new = record_payment(
            store,
            row.invoice_id,
            paid_date=row.paid_date,
            recorded_by=recorded_by,
            source=source,
            amount=row.amount,
            currency=row.currency,
            reference=row.reference,
            account=account,
        )
        if new:
            report.recorded.append(row)
        else:
            report.already.append((row, payment))
    report.errors.sort()
    return report
