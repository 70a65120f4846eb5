from slack_sdk import WebClient

from bot.devtools.slack_server import FakeSlack
from bot.render.blocks import section, violations
from bot.render.message import CsvFile, Message
from bot.slack.answer import Answer


def _answer(slack, **kw):
    return Answer(WebClient(token="xoxb-1", base_url=slack.api_url), "C1", **kw)


def test_parent_progress_and_thread_with_overflow_to_csv():
    with FakeSlack() as slack:
        answer = _answer(slack, progress_interval=0)
        ts = answer.start("⏳ working")
        answer.progress("1/17 regions")
        answer.finish(Message(text="3 idle resources", blocks=[section("*3 idle resources*")]))
        many = [section(f"vol-{i}") for i in range(120)]
        csv = CsvFile("volumes.csv", "Idle volumes", ["volume"], [[f"vol-{i}"] for i in range(120)])
        answer.reply(Message(text="Volumes", blocks=many, files=[csv]))

        updates = slack.called("chat.update")
        assert [u.args["ts"] for u in updates] == [ts, ts]
        assert "1/17 regions" in updates[0].all_text()
        assert slack.final(ts).text == "3 idle resources"
        replies = slack.thread(ts)
        assert [len(r.blocks) for r in replies] == [50, 50, 20]
        assert all(violations(r.blocks) == [] for r in replies)
        done = slack.called("files.completeUploadExternal")
        assert done and done[0].args["thread_ts"] == ts and done[0].args["channel_id"] == "C1"
        upload = next(iter(slack.uploads.values())).decode()
        assert upload.splitlines()[0] == "volume" and "vol-119" in upload
        assert slack.violations == []


def test_the_fake_slack_records_block_kit_violations():
    with FakeSlack() as slack:
        client = WebClient(token="xoxb-1", base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="too many", blocks=[section(str(i)) for i in range(51)])
        assert slack.violations == [("chat.postMessage", "51 blocks > 50")]


def test_progress_is_throttled():
    with FakeSlack() as slack:
        now = [0.0]
        answer = _answer(slack, progress_interval=1.0, clock=lambda: now[0])
        answer.start("working")
        for i in range(10):
            answer.progress(f"{i}/10")
            now[0] += 0.3
        assert len(slack.called("chat.update")) == 3  # at 0.0, 1.2, 2.4 seconds


def test_reply_inside_an_existing_thread():
    with FakeSlack() as slack:
        answer = _answer(slack, thread_ts="1700000000.000999")
        answer.start("digest for demo")
        answer.reply(Message(text="details", blocks=[section("details")]))
        assert {c.args["thread_ts"] for c in slack.called("chat.postMessage")} == {"1700000000.000999"}
