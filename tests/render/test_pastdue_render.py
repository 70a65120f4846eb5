"""What a payer reads: the parent's headline and warning, the thread's tables, within Block Kit limits."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from bot.aws.errors import AwsProblem, ProblemKind
from bot.billing.aging import age
from bot.billing.invoices import parse_summaries
from bot.billing.ledger import LedgerStatus, Payment
from bot.billing.pastdue import PastDueReport
from bot.billing.signals import PaymentAction
from bot.demo.seeds.pastdue import mission_invoices
from bot.render.blocks import violations
from bot.render.pastdue import render_pastdue

TODAY = date(2026, 11, 23)
FX = {"IDR": Decimal("16300")}
EMPTY_LEDGER = LedgerStatus(0, None, None, None)


def _report(invoices=None, payments=None, fx=FX, **extra):
    parsed, _ = parse_summaries(mission_invoices(TODAY) if invoices is None else invoices)
    defaults = {"actions": [], "account_state": "ACTIVE", "ledger": EMPTY_LEDGER}
    defaults.update(extra)
    return PastDueReport(
        account="demo",
        account_id="123456789012",
        as_of=TODAY,
        aging=age(parsed, payments or {}, fx, TODAY),
        invoices_read=len(parsed),
        **defaults,
    )


def _text(message):
    return message.text + "\n" + json.dumps(message.blocks, ensure_ascii=False)


def test_parent_leads_with_the_total_the_oldest_bucket_and_the_pre_suspension_warning():
    parent, _ = render_pastdue(_report(), FX)
    assert parent.text.startswith(
        "💸 demo: $19,946.07 past due (approximate) across 3 seller(s); oldest 91+ days"
    )
    assert "Pre-suspension: pay or contact AWS Support now." in parent.text
    body = _text(parent)
    assert (
        "91+ days past due: KRW 2,369,067 to Amazon Web Services Korea LLC, $1,568.40 to Amazon Web "
        "Services, Inc., IDR 70,923 to PT Amazon Web Services Indonesia (≈$3,298.91 in all)." in body
    )
    assert "Amazon Web Services Korea LLC* — KRW 14,322,721 (≈$10,294.65) past due" in body
    assert "Amazon Web Services, Inc.* — $9,550.65 past due" in body
    assert "PT Amazon Web Services Indonesia* — IDR 1,642,653 (≈$100.77 approx.) past due" in body
    assert "Paid status: this bot's payment ledger (AWS gives no per-invoice paid flag) — empty" in body
    assert violations(parent.blocks) == []


def test_aws_signals_lead_the_parent():
    action = PaymentAction("1", "PAYMENTS_PAST_DUE", "CRITICAL", ("Pay now",))
    parent, _ = render_pastdue(_report(actions=[action], account_state="SUSPENDED"), FX)
    first, second = (b["text"]["text"] for b in parent.blocks[:2])
    assert first.startswith("⛔ *AWS account state: SUSPENDED.*")
    assert second == "🚨 *AWS says: payment past due* (critical) — Pay now"


def test_thread_has_the_aging_table_every_invoice_id_and_what_to_do():
    _, thread = render_pastdue(_report(), FX)
    aging, lines, buttons, todo = thread
    assert "≈USD      0.00     5,653.65   5,414.54   5,578.97   3,298.91   19,946.07" in _text(aging)
    assert "IDR=16300 per USD" in _text(aging)
    table = _text(lines)
    for item in mission_invoices(TODAY):
        assert item["InvoiceId"] in table
    assert (
        "2026-07  PT Amazon Web Services Indonesia  invoice  IDR 70,923     4.35 ~    2026-08-17  98" in table
    )
    values = [e["value"] for b in buttons.blocks if b["type"] == "actions" for e in b["elements"]]
    assert "demo:2078514362" in values and len(values) == 24
    assert "paymentsdashboard" in _text(todo) and "Support case" in _text(todo)
    for message in thread:
        assert violations(message.blocks) == []


def test_a_paid_invoice_is_named_as_recorded_paid_not_listed():
    paid = Payment("2078514362", date(2026, 11, 20), "U0BOB00001", datetime(2026, 11, 20, 9, tzinfo=UTC),
                   "slack-button", reference="wire #A17")  # fmt: skip
    status = LedgerStatus(1, paid.recorded_at, "U0BOB00001", "slack-button")
    parent, thread = render_pastdue(_report(payments={"2078514362": paid}, ledger=status), FX)
    assert "last updated 2026-11-20 09:00 UTC by <@U0BOB00001> (Mark paid button)" in _text(parent)
    lines = _text(thread[1])
    assert "Recorded paid in the ledger, so not listed: `2078514362` (paid 2026-11-20" in lines
    assert "ref wire #A17" in lines
    assert "98    2078514362" not in lines


def test_no_rate_at_all_is_said_plainly():
    parent, thread = render_pastdue(_report(fx={}), {})
    assert "IDR 1,642,653 (no USD rate: not in the total)" in _text(parent)
    assert parent.text.startswith("💸 demo: $19,845.30 + IDR 1,642,653 (no USD rate) past due across 3")
    assert "IDR not in the USD total" in _text(thread[0])


def test_nothing_past_due():
    parent, thread = render_pastdue(_report(invoices=[]), FX)
    assert parent.text == "✅ demo: nothing past due"
    assert len(thread) == 3  # aging, (no) lines, what to do: no buttons


def test_unreadable_invoices_never_look_like_nothing_due():
    problem = AwsProblem(ProblemKind.ACCESS_DENIED, "AccessDeniedException", "no", "ListInvoiceSummaries")
    report = PastDueReport("demo", "123456789012", TODAY, None, EMPTY_LEDGER, problems={"invoices": problem})
    parent, thread = render_pastdue(report, FX)
    assert parent.text.startswith("⚠️ demo: could not read the invoices — ListInvoiceSummaries: access denied")
    assert "Past-due amounts unknown" in _text(parent)
    assert [m.text for m in thread] == ["What to do"]  # still points at the Payments page and Support


def test_many_invoices_overflow_to_a_csv_and_buttons_are_capped():
    many = [
        dict(item, InvoiceId=f"{item['InvoiceId']}-{n}") for n in range(5) for item in mission_invoices(TODAY)
    ]
    _, thread = render_pastdue(_report(invoices=many), FX)
    lines, buttons = thread[1], thread[2]
    assert lines.files and len(lines.files[0].rows) == 60
    assert "Buttons for the 15 oldest; record the other 45 with a CSV." in _text(buttons)
    for message in thread:
        assert violations(message.blocks) == []
