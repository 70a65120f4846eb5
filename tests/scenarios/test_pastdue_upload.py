"""A payments CSV uploaded as a reply in a /aws-pastdue thread: Slack's file_share event, signed."""

import pytest

from bot.billing.ledger import payment_for
from bot.devtools.harness import ALICE, BOB, OPS, Harness

CSV = (
    b"invoice_id,paid_date,amount,currency,reference\n"
    b"2078514362,2026-11-20,1568.40,USD,wire #A17\n"
    b"KR-2607-094127,20/11/2026,2369067,KRW,\n"
)


@pytest.fixture
def bot(aws, account):
    with Harness(accounts=[account], base_session=aws, settings={"payers": [BOB]}) as h:
        yield h


def _prompt(h):
    h.command("/aws-pastdue", "import")
    parent = h.slack.parents()[-1]
    return parent.args["_ts"], h.slack.final(parent.args["_ts"])


def _share(h, thread_ts, file, *, user=BOB, channel=OPS):
    event = {
        "type": "message",
        "subtype": "file_share",
        "channel": channel,
        "user": user,
        "text": "",
        "ts": "1700000099.000100",
        "thread_ts": thread_ts,
        "files": [{"id": file["id"], "name": file["name"]}],
    }
    return h.send.event(event)


def _replies_after(h, thread_ts, count):
    assert h.slack.wait_for(lambda s: len(s.thread(thread_ts)) > count, timeout=10)
    h.wait()
    return h.slack.thread(thread_ts)[count:]


def test_import_prompt_explains_the_format_and_who_may_import(bot):
    _, parent = _prompt(bot)
    text = parent.all_text()
    assert "upload the file as a reply *in this thread*" in text
    assert "invoice_id,paid_date,amount,currency,reference" in text
    assert "<@U0BOB00001>" in text and "python -m bot import-payments FILE.csv" in text


def test_a_csv_shared_in_the_thread_is_imported_with_a_per_line_report(bot):
    ts, _ = _prompt(bot)
    file = bot.slack.host_file("payments.csv", CSV)
    reply = _share(bot, ts, file)
    assert reply.status == 200
    (report,) = _replies_after(bot, ts, 0)
    text = report.all_text()
    assert "1 recorded, 0 already in the ledger, 1 line(s) refused" in text
    assert "line 2 2078514362" in text
    assert "line 3: paid_date '20/11/2026' is not a date (YYYY-MM-DD) (row skipped)" in text
    assert payment_for(bot.services.store, "2078514362").source == "slack-csv"
    assert payment_for(bot.services.store, "2078514362").recorded_by == BOB
    download = bot.slack.called("file_download")
    assert len(download) == 1 and download[0].args["authorized"] is True  # the bot token was sent


def test_a_non_payer_upload_is_refused_and_nothing_is_downloaded(bot):
    ts, _ = _prompt(bot)
    file = bot.slack.host_file("payments.csv", CSV, user=ALICE)
    _share(bot, ts, file, user=ALICE)
    (reply,) = _replies_after(bot, ts, 0)
    assert "only payers can import payments" in reply.text
    assert bot.slack.called("file_download") == []
    assert payment_for(bot.services.store, "2078514362") is None


def test_a_file_that_is_not_a_csv_is_refused(bot):
    ts, _ = _prompt(bot)
    file = bot.slack.host_file("invoice.pdf", b"%PDF-1.7", filetype="pdf")
    _share(bot, ts, file)
    (reply,) = _replies_after(bot, ts, 0)
    assert "`invoice.pdf` is not a CSV file" in reply.text


def test_files_shared_elsewhere_are_left_alone_and_other_messages_are_acked(bot):
    file = bot.slack.host_file("payments.csv", CSV)
    assert _share(bot, "1600000000.000001", file).status == 200  # a thread the bot does not own
    plain = {"type": "message", "channel": OPS, "user": ALICE, "text": "hello", "ts": "1700000100.000001"}
    assert bot.send.event(plain).status == 200  # acked, so Slack does not retry it
    bot.wait()
    assert bot.slack.called("chat.postMessage") == [] and bot.slack.called("files.info") == []


def test_the_manifest_asks_for_what_the_upload_needs():
    from pathlib import Path

    import yaml

    manifest = yaml.safe_load((Path(__file__).resolve().parents[2] / "manifest.yaml").read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"files:read", "channels:history", "groups:history", "usergroups:read"} <= scopes
    assert {"message.channels", "message.groups"} <= set(
        manifest["settings"]["event_subscriptions"]["bot_events"]
    )
