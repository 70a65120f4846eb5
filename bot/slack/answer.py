"""One command's answer: a parent message a person can act on, details in its thread.

Progress goes into the parent (edited in place, at most once a second so Slack's rate limits hold),
the details go into the thread, and anything over Block Kit's limits is split into several replies
or uploaded as a file into the same thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render.blocks import MAX_TEXT, chunk_blocks, clip, context, section
from bot.render.message import Message

log = logging.getLogger(__name__)

NOT_POSTABLE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}


class CannotPost(Exception):
    """The bot cannot post in this channel (not invited, archived…); the user must be told otherwise."""


class Answer:
    def __init__(
        self,
        client: WebClient,
        channel: str,
        *,
        thread_ts: str | None = None,
        progress_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.channel = channel
        self.ts: str | None = None
        self.thread_ts = thread_ts  # reply inside an existing thread instead of starting one
        self._interval = progress_interval
        self._clock = clock
        self._last_progress = -1e9
        self._headline = ""
        self._lock = threading.Lock()
        self.replies: list[str] = []

    @property
    def thread(self) -> str | None:
        return self.ts if self.thread_ts is None else self.thread_ts

    def start(self, text: str, *, note: str | None = None) -> str:
        """Post the parent ("working…"), with a note under it until progress replaces it ("queued…").

        Raises CannotPost when the channel refuses the bot.
        """
        self._headline = text
        blocks = [section(text)] + ([context(note)] if note else [])
        try:
            answer = self.client.chat_postMessage(
                channel=self.channel,
                text=f"{text} {note}" if note else text,
                blocks=blocks,
                thread_ts=self.thread_ts,
            )
        except SlackApiError as exc:
            if exc.response.get("error") in NOT_POSTABLE:
                raise CannotPost(exc.response["error"]) from None
            raise
        self.ts = answer["ts"]
        self.channel = answer.get("channel", self.channel)
        return self.ts

    def progress(self, text: str) -> None:
        """Show progress in the parent; skipped when the last update was under a second ago."""
        with self._lock:
            now = self._clock()
            if self.ts is None or now - self._last_progress < self._interval:
                return
            self._last_progress = now
        try:
            self.client.chat_update(
                channel=self.channel,
                ts=self.ts,
                text=f"{self._headline} {text}",
                blocks=[section(self._headline), context(f"⏳ {text}")],
            )
        except SlackApiError as exc:  # progress is best-effort; the final update matters
            log.warning("progress update failed: %s", exc.response.get("error"))

    def finish(self, message: Message) -> None:
        """Replace the parent with the headline (and its files go into the thread)."""
        blocks = chunk_blocks(message.blocks)[0]
        if self.ts is None:
            self.start(message.text)
        self.client.chat_update(
            channel=self.channel, ts=self.ts, text=clip(message.text, MAX_TEXT), blocks=blocks
        )
        self._upload(message)

    def reply(self, message: Message) -> None:
        """Post into the thread: several messages when over 50 blocks, files uploaded beside them."""
        if self.thread is None:
            raise RuntimeError("reply() before start()")
        chunks = chunk_blocks(message.blocks) if message.blocks else [[]]
        for index, blocks in enumerate(chunks):
            text = message.text if index == 0 else f"{message.text} (continued)"
            answer = self.client.chat_postMessage(
                channel=self.channel,
                thread_ts=self.thread,
                text=clip(text, MAX_TEXT),
                blocks=blocks or None,
                unfurl_links=False,
            )
            self.replies.append(answer["ts"])
        self._upload(message)

    def _upload(self, message: Message) -> None:
        for file in message.files:
            data = file.content()
            payload = {"file": data} if isinstance(data, bytes) else {"content": data}
            self.client.files_upload_v2(
                channel=self.channel,
                thread_ts=self.thread,
                filename=file.filename,
                title=file.title,
                **payload,
            )
