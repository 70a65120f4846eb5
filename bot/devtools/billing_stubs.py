"""Billing clients answered by botocore's Stubber, for tests of `/aws-pastdue` below Slack.

moto has no Invoicing, recommended actions or account information, and an unstubbed call would go
to the real endpoint; the Stubber also checks every request's parameters against what is expected.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import boto3
from botocore.stub import Stubber

from bot.accounts import Account
from bot.devtools.harness import DEMO_ACCOUNT

TODAY = date(2026, 11, 23)
ACCOUNT_ID = DEMO_ACCOUNT["account_id"]
SELECTOR = {"ResourceType": "ACCOUNT_ID", "Value": ACCOUNT_ID}
FILTER = {
    "TimeInterval": {
        "StartDate": datetime(2025, 10, 19, tzinfo=UTC),  # 400 days back
        "EndDate": datetime(2026, 11, 24, tzinfo=UTC),  # exclusive: today included
    }
}
PAYMENTS_FILTER = {"actions": [{"key": "FEATURE", "matchOption": "EQUALS", "values": ["PAYMENTS"]}]}
FX = {"IDR": Decimal("16300")}


class StubbedSession:
    """What `summarize` needs of an AccountSession: the account, and a client per service."""

    def __init__(self) -> None:
        session = boto3.Session(
            aws_access_key_id="stub", aws_secret_access_key="stub", region_name="us-east-1"
        )
        self.account = Account(**DEMO_ACCOUNT)
        self.clients = {
            name: session.client(name, region_name="us-east-1")
            for name in ("invoicing", "bcm-recommended-actions", "account")
        }
        self.stubs = {name: Stubber(client) for name, client in self.clients.items()}

    def client(self, service: str, region: str | None = None) -> Any:
        return self.clients[service]

    # --- scripting ---------------------------------------------------------------------------
    def invoices(self, *pages: list[dict]) -> StubbedSession:
        for n, items in enumerate(pages):
            params = {"Selector": SELECTOR, "Filter": FILTER}
            if n:
                params["NextToken"] = f"page-{n}"
            answer = {"InvoiceSummaries": items}
            if n + 1 < len(pages):
                answer["NextToken"] = f"page-{n + 1}"
            self.stubs["invoicing"].add_response("list_invoice_summaries", answer, params)
        return self

    def invoices_fail(self, code: str = "AccessDeniedException") -> StubbedSession:
        self.stubs["invoicing"].add_client_error(
            "list_invoice_summaries",
            service_error_code=code,
            service_message="not allowed",
            http_status_code=403,
        )
        return self

    def actions(self, items: list[dict]) -> StubbedSession:
        self.stubs["bcm-recommended-actions"].add_response(
            "list_recommended_actions", {"recommendedActions": items}, {"filter": PAYMENTS_FILTER}
        )
        return self

    def actions_fail(self, code: str = "AccessDeniedException") -> StubbedSession:
        self.stubs["bcm-recommended-actions"].add_client_error(
            "list_recommended_actions", service_error_code=code, http_status_code=403
        )
        return self

    def state(self, state: str = "ACTIVE") -> StubbedSession:
        self.stubs["account"].add_response(
            "get_account_information", {"AccountId": ACCOUNT_ID, "AccountState": state}, {}
        )
        return self

    def __enter__(self) -> StubbedSession:
        for stub in self.stubs.values():
            stub.activate()
        return self

    def __exit__(self, *exc: object) -> None:
        for stub in self.stubs.values():
            stub.deactivate()
        if exc[0] is None:
            for stub in self.stubs.values():
                stub.assert_no_pending_responses()


def summary(invoice_id: str, amount: str, currency: str = "USD", **extra: Any) -> dict[str, Any]:
    """One InvoiceSummaries item, as the API shapes it."""
    item = {
        "AccountId": ACCOUNT_ID,
        "InvoiceId": invoice_id,
        "IssuedDate": datetime(2026, 10, 2, tzinfo=UTC),
        "DueDate": datetime(2026, 10, 17, tzinfo=UTC),
        "Entity": {"InvoicingEntity": "Amazon Web Services, Inc."},
        "BillingPeriod": {"Month": 9, "Year": 2026},
        "InvoiceType": "INVOICE",
        "PaymentCurrencyAmount": {"TotalAmount": amount, "CurrencyCode": currency},
    }
    item.update(extra)
    return item
