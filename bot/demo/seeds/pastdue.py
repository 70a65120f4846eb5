"""The mission's second story: ≈ $20k unpaid across three sellers of record, aging toward 91+ days.

Four monthly invoices per seller (the last four months), due on the 17th of the month after the
one they are issued in, so that on any day they fall in 1–30, 31–60, 61–90 and 91+ days:

    seller                            cur   1–30       31–60      61–90      91+        total
    Amazon Web Services, Inc.         USD   2,717.07   2,595.99   2,669.19   1,568.40   9,550.65
    Amazon Web Services Korea LLC     KRW   4,068,347  3,887,657  3,997,650  2,369,067  14,322,721
    PT Amazon Web Services Indonesia  IDR   541,284    510,234    520,212    70,923     1,642,653

The Korean invoices carry AWS's exchange rate; the Indonesian ones carry none, so the demo sets
`FX_RATES=IDR=16300` and their USD figures are marked approximate. The tests use the same data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.aws.fakes import FakeAws, FakeError

if TYPE_CHECKING:
    from bot.demo.world import DemoWorld

US, KR, ID = "Amazon Web Services, Inc.", "Amazon Web Services Korea LLC", "PT Amazon Web Services Indonesia"
DAYS_LATE = (6, 37, 67, 98)  # newest first: 1–30, 31–60, 61–90, 91+
FX_RATES = {"IDR": Decimal("16300")}

# (seller, currency, invoice IDs newest first, amounts newest first, USD→currency rate on the invoice)
MISSION = (
    (US, "USD", ("2159086317", "2131972405", "2104638871", "2078514362"),
     ("2717.07", "2595.99", "2669.19", "1568.40"), None),
    (KR, "KRW", ("KR-2610-116204", "KR-2609-108862", "KR-2608-101533", "KR-2607-094127"),
     ("4068347", "3887657", "3997650", "2369067"), ("1401.25", "1394.80", "1389.10", "1372.45")),
    (ID, "IDR", ("ID-2610-009017", "ID-2609-008590", "ID-2608-008139", "ID-2607-007712"),
     ("541284", "510234", "520212", "70923"), None),
)  # fmt: skip


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def mission_invoices(today: date, account_id: str = "123456789012") -> list[dict[str, Any]]:
    """The twelve unpaid invoices as `ListInvoiceSummaries` returns them, aged relative to `today`."""
    items = []
    for seller, currency, ids, amounts, rates in MISSION:
        for n, (invoice_id, amount) in enumerate(zip(ids, amounts, strict=True)):
            due = today - timedelta(days=DAYS_LATE[n])
            issued = due - timedelta(days=15)
            usage = issued.replace(day=1) - timedelta(days=1)  # the month before the invoice
            payment: dict[str, Any] = {"TotalAmount": amount, "CurrencyCode": currency}
            item: dict[str, Any] = {
                "AccountId": account_id,
                "InvoiceId": invoice_id,
                "IssuedDate": _midnight(issued),
                "DueDate": _midnight(due),
                "Entity": {"InvoicingEntity": seller, "BillingEntity": "AWS"},
                "BillingPeriod": {"Month": usage.month, "Year": usage.year},
                "InvoiceType": "INVOICE",
                "PaymentCurrencyAmount": payment,
            }
            if rates:
                payment["CurrencyExchangeDetails"] = {
                    "SourceCurrencyCode": "USD",
                    "TargetCurrencyCode": currency,
                    "Rate": rates[n],
                }
            if currency == "USD":
                item["BaseCurrencyAmount"] = dict(payment)
            items.append(item)
    return items


def mission_actions(account_id: str = "123456789012") -> list[dict[str, Any]]:
    return [
        {
            "id": "ra-payments-past-due",
            "type": "PAYMENTS_PAST_DUE",
            "accountId": account_id,
            "severity": "CRITICAL",
            "feature": "PAYMENTS",
            "context": {"invoiceCount": "12"},
            "nextSteps": ["Pay the past-due invoices in the Billing console's Payments page"],
            "lastUpdatedTimeStamp": "2026-11-22T00:00:00Z",
        }
    ]


def install(
    fake: FakeAws,
    *,
    invoices: list[dict[str, Any]],
    actions: list[dict[str, Any]],
    account_id: str,
    account_state: str = "ACTIVE",
    page_size: int = 5,
) -> None:
    """Answer the Invoicing, recommended-actions and account calls from this data (demo and tests)."""
    from bot.store.types import utcnow

    @fake.on("invoicing", "ListInvoiceSummaries")
    def list_invoices(params: dict[str, Any], region: str) -> dict[str, Any]:
        if params["Selector"] != {"ResourceType": "ACCOUNT_ID", "Value": account_id}:
            raise FakeError("ValidationException", "unknown account")
        start = int(params.get("NextToken") or 0)
        answer: dict[str, Any] = {"InvoiceSummaries": invoices[start : start + page_size]}
        if start + page_size < len(invoices):
            answer["NextToken"] = str(start + page_size)
        return answer

    @fake.on("invoicing", "GetInvoicePDF")
    def get_pdf(params: dict[str, Any], region: str) -> dict[str, Any]:
        invoice_id = params["InvoiceId"]
        if invoice_id not in {i["InvoiceId"] for i in invoices}:
            raise FakeError("ResourceNotFoundException", f"no invoice {invoice_id}", 404)
        return {
            "InvoicePDF": {
                "InvoiceId": invoice_id,
                "DocumentUrl": f"https://invoices.demo.invalid/{invoice_id}.pdf?X-Amz-Expires=3600",
                "DocumentUrlExpirationDate": utcnow() + timedelta(hours=1),
            }
        }

    @fake.on("bcm-recommended-actions", "ListRecommendedActions")
    def list_actions(params: dict[str, Any], region: str) -> dict[str, Any]:
        return {"recommendedActions": actions}

    @fake.on("account", "GetAccountInformation")
    def account_information(params: dict[str, Any], region: str) -> dict[str, Any]:
        return {"AccountId": account_id, "AccountName": "demo", "AccountState": account_state}


def seed(world: DemoWorld) -> None:
    from bot.store.types import utcnow

    account_id = world.account["account_id"]
    world.settings["fx_rates"] = dict(FX_RATES)
    install(
        world.fake,
        invoices=mission_invoices(utcnow().date(), account_id),
        actions=mission_actions(account_id),
        account_id=account_id,
    )


# --- demo steps after the first answer: record payments, then ask again --------------------------
def _last_answer(world: DemoWorld) -> str:
    return world.harness.slack.parents()[-1].args["_ts"]


def mark_paid_step(world: DemoWorld) -> None:
    """Bob (a payer) presses Mark paid on the oldest AWS Inc invoice and fills the modal."""
    from bot.devtools.harness import BOB
    from bot.store.types import utcnow

    h = world.harness
    h.click("pastdue.mark_paid", "demo:2078514362", user=BOB, thread_ts=_last_answer(world))
    view = h.slack.called("views.open")[-1].args["view"]
    values = {
        "paid_date": {"value": {"type": "datepicker", "selected_date": utcnow().date().isoformat()}},
        "reference": {"value": {"type": "plain_text_input", "value": "wire 2026-11 #A17"}},
    }
    h.send.view_submission(
        view["callback_id"], values, private_metadata=view["private_metadata"], user_id=BOB
    )


def upload_step(world: DemoWorld) -> None:
    """`/aws-pastdue import`, then Bob uploads a CSV (one row has a typo) as a reply in its thread."""
    from bot.devtools.harness import BOB, OPS
    from bot.store.types import utcnow

    h = world.harness
    h.command("/aws-pastdue", "import")
    thread = _last_answer(world)
    today = utcnow().date().isoformat()
    csv = (
        "invoice_id,paid_date,amount,currency,reference\n"
        f"KR-2607-094127,{today},2369067,KRW,KB transfer 0042\n"
        f"ID-2607-007712,{today},70923,IDR,BCA transfer 7781\n"
        "ID-2608-008139,21/11/2026,520212,IDR,BCA transfer 7790\n"
    )
    file = h.slack.host_file("payments-nov.csv", csv.encode(), user=BOB)
    before = len(h.slack.thread(thread))
    h.send.event(
        {
            "type": "message",
            "subtype": "file_share",
            "channel": OPS,
            "user": BOB,
            "ts": f"{thread}1",
            "thread_ts": thread,
            "files": [{"id": file["id"], "name": file["name"]}],
        }
    )
    h.slack.wait_for(lambda slack: len(slack.thread(thread)) > before, timeout=30)
