"""The buttons of `/aws-pastdue`: Mark paid (a modal, payers only) and Invoice PDF (an ephemeral link).

Button values are `account:invoice_id`. Mark paid is checked against PAYERS on click and again on
submit (the modal could be submitted after someone left the group); the ledger records once.
"""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.aws.errors import classify
from bot.aws.session import AssumeRoleError
from bot.billing.invoices import invoice_pdf
from bot.billing.ledger import payment_for, record_payment
from bot.errors import UserError
from bot.render.payments import MARK_PAID_VIEW, mark_paid_view, render_marked_paid, render_pdf
from bot.services import Services
from bot.slack.people import describe, people
from bot.store.types import utcnow

log = logging.getLogger(__name__)


def _target(body: dict[str, Any]) -> tuple[str, str]:
    value = str(body["actions"][0].get("value") or "")
    account, _, invoice_id = value.partition(":")
    if not account or not invoice_id:
        raise UserError("This button carries no invoice; run `/aws-pastdue` again.")
    return account, invoice_id


def _private(respond: Respond, text: str) -> None:
    respond(text=text, response_type="ephemeral", replace_original=False)


def _payer_refusal(services: Services) -> str:
    payers = services.settings.effective_payers
    if not payers:
        return ":no_entry: Nobody may mark invoices paid yet: set `PAYERS` (or `APPROVERS`) to Slack IDs."
    return f":no_entry: Only payers can mark invoices paid: {describe(payers)} (the `PAYERS` setting)."


def _is_payer(services: Services, user: str) -> bool:
    return people(services).includes(services.settings.effective_payers, user)


def register(app: App, services: Services) -> None:
    @app.action("pastdue.mark_paid")
    def mark_paid(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        try:
            user = body["user"]["id"]
            account, invoice_id = _target(body)
            if not _is_payer(services, user):
                _private(respond, _payer_refusal(services))
                return
            existing = payment_for(services.store, invoice_id)
            if existing is not None:
                _private(respond, render_marked_paid(existing, new=False))
                return
            message = body.get("message") or {}
            metadata = {
                "invoice_id": invoice_id,
                "account": account,
                "channel": (body.get("channel") or {}).get("id"),
                "thread_ts": message.get("thread_ts") or message.get("ts"),
            }
            client.views_open(
                trigger_id=body["trigger_id"], view=mark_paid_view(invoice_id, metadata, utcnow().date())
            )
        except UserError as exc:
            _private(respond, f":warning: {exc}")
        finally:
            ack()

    @app.view(MARK_PAID_VIEW)
    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user = body["user"]["id"]
        meta = json.loads(view.get("private_metadata") or "{}")
        if not _is_payer(services, user):
            ack(
                response_action="errors",
                errors={"paid_date": "Only people listed in PAYERS can mark invoices paid."},
            )
            return
        values = view.get("state", {}).get("values", {})
        raw = (values.get("paid_date", {}).get("value", {}) or {}).get("selected_date") or ""
        try:
            paid = date.fromisoformat(raw)
        except ValueError:
            ack(response_action="errors", errors={"paid_date": "Pick the date the invoice was paid."})
            return
        if paid > utcnow().date() + timedelta(days=1):
            ack(response_action="errors", errors={"paid_date": "That date is in the future."})
            return
        reference = ((values.get("reference", {}).get("value", {}) or {}).get("value") or "").strip()[:200]
        payment, new = record_payment(
            services.store,
            meta["invoice_id"],
            paid_date=paid,
            recorded_by=user,
            source="slack-button",
            reference=reference or None,
            account=meta.get("account"),
        )
        log.info("invoice %s marked paid by %s (new=%s)", payment.invoice_id, user, new)
        ack()
        if meta.get("channel") and meta.get("thread_ts"):
            try:
                client.chat_postMessage(
                    channel=meta["channel"],
                    thread_ts=meta["thread_ts"],
                    text=render_marked_paid(payment, new),
                )
            except SlackApiError as exc:
                log.warning("could not confirm in thread: %s", exc.response.get("error"))

    @app.action("pastdue.pdf")
    def pdf(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        user = body["user"]["id"]

        def work() -> None:
            name, _, invoice_id = str(body["actions"][0].get("value") or "").partition(":")
            try:
                if not invoice_id:
                    raise UserError("This button carries no invoice; run `/aws-pastdue` again.")
                account = services.accounts.resolve(name)
                session = services.aws.for_account(account, user)
                document = invoice_pdf(session.client("invoicing"), invoice_id)
            except UserError as exc:
                _private(respond, f":warning: {exc}")
                return
            except AssumeRoleError as exc:
                _private(respond, f":no_entry: {exc}")
                return
            except Exception as exc:
                _private(respond, f":warning: No PDF for `{invoice_id}`: {classify(exc).describe()}")
                return
            _private(respond, render_pdf(invoice_id, document))

        services.jobs.submit(
            "pastdue.pdf",
            work,
            on_error=lambda ref: _private(respond, f":x: PDF failed (reference `{ref}`)."),
        )
        ack()
