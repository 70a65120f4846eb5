"""Print what the bot posted to the fake Slack since the step began, as a person would read it."""

from __future__ import annotations

from typing import TextIO

from bot.devtools.slack_server import Call, FakeSlack
from bot.render.text import blocks_to_text, mrkdwn_to_text


class Transcript:
    def __init__(self, slack: FakeSlack, out: TextIO) -> None:
        self.slack = slack
        self.out = out
        self._seen = 0

    def begin(self, title: str) -> None:
        self._seen = len(self.slack.called())
        self.out.write(f"\n{'━' * 78}\n▶ {title}\n{'━' * 78}\n")

    def show(self) -> None:
        calls = self.slack.called()[self._seen :]
        shown_threads: set[str] = set()
        for call in calls:
            if call.method == "chat.postMessage" and not call.args.get("thread_ts"):
                ts = call.args["_ts"]
                final = self.slack.final(ts) or call
                self._message("#channel", final.args)
                for reply in [
                    c for c in calls if c.method == "chat.postMessage" and c.args.get("thread_ts") == ts
                ]:
                    self._message("  ↳ thread", self._latest(reply).args, indent="    ")
                self._files(calls, ts)
                shown_threads.add(ts)
            elif call.method == "chat.postMessage" and call.args.get("thread_ts") not in shown_threads:
                thread = call.args["thread_ts"]
                self._message(f"  ↳ thread {thread}", self._latest(call).args, indent="    ")
            elif call.method in ("response_url", "chat.postEphemeral"):
                self.out.write(f"(only you) {mrkdwn_to_text(call.text)}\n")
            elif call.method == "views.publish":
                self.out.write("[App Home updated]\n")
                self.out.write(blocks_to_text(call.args.get("view", {}).get("blocks", []), "    ") + "\n")
            elif call.method == "views.open":
                self.out.write("[modal opened]\n")
                self.out.write(blocks_to_text(call.args.get("view", {}).get("blocks", []), "    ") + "\n")

    def _latest(self, call: Call) -> Call:
        """A reply as it reads now: a "working…" reply may have been edited into the answer since."""
        return self.slack.final(call.args["_ts"]) or call

    def _message(self, where: str, args: dict, indent: str = "  ") -> None:
        self.out.write(f"{where}:\n")
        blocks = args.get("blocks") or []
        body = (
            blocks_to_text(blocks, indent) if blocks else indent + mrkdwn_to_text(str(args.get("text", "")))
        )
        self.out.write(body + "\n")

    def _files(self, calls: list, thread_ts: str) -> None:
        for call in calls:
            if call.method != "files.completeUploadExternal" or call.args.get("thread_ts") != thread_ts:
                continue
            for file in call.args.get("files") or []:
                data = self.slack.uploads.get(file["id"], b"")
                lines = data.count(b"\n")
                size = "PNG image" if data.startswith(b"\x89PNG") else f"{lines} lines"
                self.out.write(f"    📎 {file.get('title') or file['id']} ({size})\n")
