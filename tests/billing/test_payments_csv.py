from datetime import date
from decimal import Decimal

from bot.billing.ledger import ledger_status, payment_for, record_payment
from bot.billing.payments_csv import import_payments, parse_payments

TODAY = date(2026, 11, 23)

MALFORMED = (
    "invoice_id,paid_date,amount,currency,reference\n"  # line 1
    "2078514362,2026-11-20,1568.40,USD,wire #A17\n"  # 2 good
    ",2026-11-20,1,USD,\n"  # 3 no invoice
    "2104638871,20/11/2026,2669.19,USD,\n"  # 4 bad date
    '2131972405,2026-11-20,"2,595.99",USD,\n'  # 5 thousands separator
    "\n"  # 6 blank: ignored
    "KR-2607-094127,2026-11-21,2369067,KRW,\n"  # 7 good
    "2159086317,2026-12-30,2717.07,USD,\n"  # 8 future
    "ID-2607-007712,2026-11-21,70923,,\n"  # 9 amount without currency
    "ID-2608-008139,2026-11-21,-5,IDR,\n"  # 10 negative
    "ID-2609-008590,2026-11-21,abc,IDR,\n"  # 11 not a number
    "ID-2610-009017,2026-11-21,10,RUPIAH,\n"  # 12 bad currency
    "2078514362,2026-11-20,1568.40,USD,again\n"  # 13 duplicate of line 2
    "bad id with spaces,2026-11-21,,,\n"  # 14 bad invoice id
    "KR-2608-101533,2026-11-22\n"  # 15 good: short row, optional columns left out
)


def test_a_malformed_file_reports_bad_rows_by_line_and_keeps_good_ones(store):
    report = import_payments(store, MALFORMED.encode(), recorded_by="cli:ops", source="cli-csv", today=TODAY)
    assert [r.line for r in report.recorded] == [2, 7, 15]
    errors = dict(report.errors)
    assert sorted(errors) == [3, 4, 5, 8, 9, 10, 11, 12, 13, 14]
    assert "invoice_id is empty" in errors[3]
    assert "'20/11/2026' is not a date (YYYY-MM-DD)" in errors[4]
    assert "separator" in errors[5]
    assert "in the future" in errors[8]
    assert "without its currency" in errors[9]
    assert "positive" in errors[10] and "not a number" in errors[11]
    assert "three-letter code" in errors[12]
    assert "already on line 2" in errors[13]
    assert "not an AWS invoice ID" in errors[14]
    kept = payment_for(store, "2078514362")
    assert (kept.amount, kept.currency, kept.reference, kept.paid_date) == (
        Decimal("1568.40"), "USD", "wire #A17", date(2026, 11, 20))  # fmt: skip
    assert payment_for(store, "KR-2608-101533").amount is None
    assert payment_for(store, "2104638871") is None
    lines = report.lines()
    assert lines[0].startswith("Recorded 3 payment(s): line 2 2078514362, line 7 KR-2607-094127")
    assert any(line.startswith("line 4: paid_date") and line.endswith("(row skipped)") for line in lines)
    assert not report.ok


def test_importing_the_same_file_twice_changes_nothing(store):
    data = "invoice_id,paid_date\n2078514362,2026-11-20\n"
    import_payments(store, data, recorded_by="U0BOB00001", source="slack-csv", today=TODAY)
    again = import_payments(store, data, recorded_by="cli:other", source="cli-csv", today=TODAY)
    assert again.recorded == [] and len(again.already) == 1 and again.ok
    assert payment_for(store, "2078514362").recorded_by == "U0BOB00001"
    assert "already recorded paid on 2026-11-20 by U0BOB00001" in again.lines()[1]
    assert ledger_status(store).entries == 1


def test_column_order_is_free_and_a_bom_is_fine():
    parsed = parse_payments("\ufeffReference,Paid_Date,Invoice_ID\nref,2026-11-01,123\n", today=TODAY)
    assert parsed.errors == [] and parsed.rows[0].invoice_id == "123" and parsed.rows[0].reference == "ref"


def test_whole_file_problems_are_one_clear_line():
    assert parse_payments(b"", today=TODAY).errors[0][1].startswith("the file is empty")
    missing = parse_payments("invoice,date\n1,2026-11-01\n", today=TODAY).errors
    assert missing == [(1, missing[0][1])] and "lacks invoice_id, paid_date" in missing[0][1]
    assert "not UTF-8" in parse_payments(b"\xff\xfe\x00bad", today=TODAY).errors[0][1]
    assert "over 1000 kB" in parse_payments(b"x" * 1_000_001, today=TODAY).errors[0][1]


def test_quoted_newlines_keep_line_numbers_true():
    data = 'invoice_id,paid_date,reference\n1,2026-11-01,"two\nlines"\n2,nope,\n'
    parsed = parse_payments(data, today=TODAY)
    assert [r.line for r in parsed.rows] == [2] and parsed.errors[0][0] == 4


def test_recording_is_once_per_invoice(store):
    first, new = record_payment(store, "X1", paid_date=TODAY, recorded_by="U1", source="slack-button")
    second, again = record_payment(
        store, "X1", paid_date=date(2026, 1, 1), recorded_by="U2", source="cli-csv"
    )
    assert new and not again and second == first
    status = ledger_status(store)
    assert (status.entries, status.last_by, status.last_source) == (1, "U1", "slack-button")
    assert status.last_updated.tzinfo is not None


def test_an_empty_ledger_says_so(store):
    assert ledger_status(store).last_updated is None
