"""/aws-pastdue as Slack drives it: signed command, buttons, modal, a CSV uploaded in the thread."""

import json
from decimal import Decimal

import pytest

from bot.aws.fakes import FakeAws, FakeError
from bot.billing.ledger import payment_for
from bot.demo.seeds.pastdue import install, mission_actions, mission_invoices
from bot.devtools.harness import ALICE, BOB, MALLORY, OPS, Harness
from bot.store.runs import latest_run
from bot.store.types import utcnow

ACCOUNT_ID = "123456789012"
PAYERS_GROUP = "S0PAYERS01"


def _fake(**overrides):
    fake = FakeAws()
    install(
        fake,
        invoices=overrides.pop("invoices", mission_invoices(utcnow().date(), ACCOUNT_ID)),
        actions=overrides.pop("actions", mission_actions(ACCOUNT_ID)),
        account_id=ACCOUNT_ID,
        **overrides,
    )
    return fake


@pytest.fixture
def fake():
    return _fake()


@pytest.fixture
def bot(aws, account, fake):
    settings = {"fx_rates": {"IDR": Decimal(16300)}, "payers": [BOB, PAYERS_GROUP]}
    with Harness(
        accounts=[account],
        base_session=aws,
        aws_hooks=[fake.attach],
        settings=settings,
        user_groups={PAYERS_GROUP: [MALLORY]},
    ) as h:
        yield h


def _answer(h):
    parent = h.slack.parents()[-1]
    ts = parent.args["_ts"]
    return ts, h.slack.final(ts), h.slack.thread(ts)


def _all(calls):
    return "\n".join(c.all_text() for c in calls)


def test_pastdue_answers_with_the_total_the_warning_and_every_invoice(bot, fake):
    reply = bot.command("/aws-pastdue")
    assert reply.status == 200 and reply.elapsed < 3
    ts, parent, thread = _answer(bot)
    assert "past due (approximate) across 3 seller(s); oldest 91+ days" in parent.text
    assert "Pre-suspension: pay or contact AWS Support now." in parent.text
    assert "AWS says: payment past due" in parent.all_text()
    text = _all(thread)
    for item in mission_invoices(utcnow().date(), ACCOUNT_ID):
        assert item["InvoiceId"] in text
    assert "2,717.07   2,595.99   2,669.19   1,568.40   9,550.65" in text
    run = latest_run(bot.services.store, "/aws-pastdue", "demo")
    assert run.summary == {"past_due_usd": "19946.07", "usd_91_plus": "3298.91", "oldest_bucket": "91+",
                           "approximate": True}  # fmt: skip
    assert (run.channel, run.ts) == (OPS, ts)
    called = {(service, op) for service, op, _, _ in fake.calls}
    assert called == {
        ("invoicing", "ListInvoiceSummaries"),
        ("bcm-recommended-actions", "ListRecommendedActions"),
        ("account", "GetAccountInformation"),
    }
    assert sum(1 for c in fake.calls if c[1] == "ListInvoiceSummaries") == 3  # 12 invoices, 5 a page


def test_access_denied_on_invoicing_is_said_and_nothing_is_recorded(aws, account):
    fake = _fake()

    @fake.on("invoicing", "ListInvoiceSummaries")
    def denied(params, region):
        raise FakeError(
            "AccessDeniedException", "not authorized to perform invoicing:ListInvoiceSummaries", 403
        )

    with Harness(accounts=[account], base_session=aws, aws_hooks=[fake.attach]) as h:
        h.command("/aws-pastdue")
        _, parent, _ = _answer(h)
        assert "could not read the invoices" in parent.text and "AccessDeniedException" in parent.text
        assert "AWS says: payment past due" in parent.all_text()  # the other sources still lead
        assert latest_run(h.services.store, "/aws-pastdue", "demo") is None


def _click(h, action, value, user, thread_ts):
    return h.click(action, value, user=user, message_ts="1700000000.999999", thread_ts=thread_ts)


def test_a_payer_marks_an_invoice_paid_through_the_modal_and_it_leaves_the_table(bot):
    bot.command("/aws-pastdue")
    ts, _, _ = _answer(bot)
    _click(bot, "pastdue.mark_paid", "demo:2078514362", BOB, ts)
    opened = bot.slack.called("views.open")
    assert len(opened) == 1
    view = opened[0].args["view"]
    assert view["callback_id"] == "pastdue.mark_paid" and "2078514362" in json.dumps(view)
    values = {
        "paid_date": {"value": {"type": "datepicker", "selected_date": "2026-11-20"}},
        "reference": {"value": {"type": "plain_text_input", "value": "wire #A17"}},
    }
    reply = bot.send.view_submission("pastdue.mark_paid", values, private_metadata=view["private_metadata"],
                                     user_id=BOB)  # fmt: skip
    assert reply.status == 200 and reply.body in ("", "null")
    payment = payment_for(bot.services.store, "2078514362")
    assert (str(payment.paid_date), payment.recorded_by, payment.reference, payment.source) == (
        "2026-11-20", BOB, "wire #A17", "slack-button")  # fmt: skip
    # the confirmation is posted after the ack, from the listener's thread
    assert bot.slack.wait_for(lambda slack: "recorded paid" in slack.thread(ts)[-1].text, timeout=10)
    confirmation = bot.slack.thread(ts)[-1]
    assert "recorded paid by <@U0BOB00001>" in confirmation.text and "2078514362" in confirmation.text

    bot.command("/aws-pastdue")
    _, parent, thread = _answer(bot)
    assert "last updated" in parent.all_text() and "(Mark paid button)" in parent.all_text()
    assert "Recorded paid in the ledger, so not listed: `2078514362`" in _all(thread)
    assert "demo:2078514362" not in _all(thread)  # no button any more

    _click(bot, "pastdue.mark_paid", "demo:2078514362", BOB, ts)  # clicking again changes nothing
    assert len(bot.slack.called("views.open")) == 1
    assert "already recorded paid on 2026-11-20" in bot.ephemerals()[-1]


def test_someone_not_in_payers_cannot_mark_paid(bot):
    bot.command("/aws-pastdue")
    ts, _, _ = _answer(bot)
    _click(bot, "pastdue.mark_paid", "demo:2078514362", ALICE, ts)
    assert bot.slack.called("views.open") == []
    assert "Only payers can mark invoices paid" in bot.ephemerals()[-1]
    # Nor by submitting a modal they somehow hold.
    meta = json.dumps({"invoice_id": "2078514362", "account": "demo", "channel": OPS, "thread_ts": ts})
    values = {"paid_date": {"value": {"type": "datepicker", "selected_date": "2026-11-20"}}}
    reply = bot.send.view_submission("pastdue.mark_paid", values, private_metadata=meta, user_id=ALICE)
    assert reply.json()["response_action"] == "errors"
    assert payment_for(bot.services.store, "2078514362") is None


def test_a_member_of_a_payers_user_group_may_mark_paid(bot):
    bot.command("/aws-pastdue")
    ts, _, _ = _answer(bot)
    _click(bot, "pastdue.mark_paid", "demo:2104638871", MALLORY, ts)
    assert len(bot.slack.called("views.open")) == 1
    assert bot.slack.called("usergroups.users.list")[0].args["usergroup"] == PAYERS_GROUP


def test_a_future_paid_date_is_refused_in_the_modal(bot):
    meta = json.dumps({"invoice_id": "2078514362", "account": "demo", "channel": OPS, "thread_ts": "1.2"})
    values = {"paid_date": {"value": {"type": "datepicker", "selected_date": "2099-01-01"}}}
    reply = bot.send.view_submission("pastdue.mark_paid", values, private_metadata=meta, user_id=BOB)
    assert reply.json() == {
        "response_action": "errors",
        "errors": {"paid_date": "That date is in the future."},
    }


def test_invoice_pdf_is_an_ephemeral_link_never_posted(bot):
    bot.command("/aws-pastdue")
    ts, _, _ = _answer(bot)
    posted = len(bot.slack.called("chat.postMessage"))
    _click(bot, "pastdue.pdf", "demo:KR-2607-094127", ALICE, ts)
    private = bot.ephemerals()[-1]
    assert "https://invoices.demo.invalid/KR-2607-094127.pdf" in private and "not stored" in private
    assert len(bot.slack.called("chat.postMessage")) == posted


def test_invoice_pdf_access_denied_is_explained(aws, account):
    fake = _fake()

    @fake.on("invoicing", "GetInvoicePDF")
    def denied(params, region):
        raise FakeError("AccessDeniedException", "no invoicing:GetInvoicePDF", 403)

    with Harness(accounts=[account], base_session=aws, aws_hooks=[fake.attach]) as h:
        h.click("pastdue.pdf", "demo:2078514362", user=ALICE)
        assert (
            "No PDF for `2078514362`: GetInvoicePDF: access denied (AccessDeniedException)"
            in h.ephemerals()[-1]
        )
