"""A local stand-in for Slack's Web API on 127.0.0.1 that records every call.

Point SLACK_API_URL at `server.api_url` and the bot talks to it over real HTTP: each call is
recorded (method, arguments with blocks decoded, time) and answered like Slack answers it, with
`ts` values, file uploads and response_url posts. It can be told to answer 429 with Retry-After,
or an error such as `not_in_channel`, for the next calls of a method. It can also host files that
people "shared" (`host_file`), described by `files.info` and downloadable with the bot token.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from bot.render.blocks import violations


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return self.args.get("blocks") or []

    @property
    def text(self) -> str:
        return str(self.args.get("text") or "")

    def all_text(self) -> str:
        """The text and every string inside the blocks, for "does the answer mention X" checks."""
        return self.text + "\n" + json.dumps(self.blocks, ensure_ascii=False)


@dataclass
class _Scripted:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int


class FakeSlack:
    def __init__(self, *, user_groups: dict[str, list[str]] | None = None) -> None:
        self.calls: list[Call] = []
        # What auth.test reports in its x-oauth-scopes header (None: the manifest's bot scopes).
        self.scopes: list[str] | None = None
        self.not_member: set[str] = set()  # channels conversations.info says the bot is not in
        self.uploads: dict[str, bytes] = {}
        self.violations: list[tuple[str, str]] = []  # (method, problem): Block Kit limits broken
        self.user_groups = user_groups or {}
        self.files: dict[str, dict[str, Any]] = {}  # hosted files by ID (kept across reset())
        self._file_data: dict[str, bytes] = {}
        self._scripted: dict[str, list[_Scripted]] = {}
        self._ts = itertools.count(1)
        self._lock = threading.RLock()  # re-entrant: wait_for's predicate may call called()/thread()
        self._changed = threading.Condition(self._lock)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-slack", daemon=True
        )

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.base_url}/response/{name}"

    # --- scripting and inspection ----------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        error: str = "ratelimited",
        retry_after: int = 1,
        times: int = 1,
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if status == 429 else {}
        body = {"ok": False, "error": error}
        with self._lock:
            self._scripted.setdefault(method, []).append(_Scripted(status, body, headers, times))

    def called(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if method is None or c.method == method]

    def messages(self) -> list[Call]:
        """Posts and updates, in order."""
        return [c for c in self.called() if c.method in ("chat.postMessage", "chat.update")]

    def thread(self, ts: str) -> list[Call]:
        return [c for c in self.called("chat.postMessage") if c.args.get("thread_ts") == ts]

    def parents(self) -> list[Call]:
        return [c for c in self.called("chat.postMessage") if not c.args.get("thread_ts")]

    def final(self, ts: str) -> Call | None:
        """The last version of a message: its post, or its latest update."""
        versions = [c for c in self.messages() if c.args.get("ts") == ts or c.args.get("_ts") == ts]
        return versions[-1] if versions else None

    def wait_for(self, predicate: Callable[[FakeSlack], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True

    def host_file(self, name: str, data: bytes, *, filetype: str = "csv", user: str = "U0BOB00001") -> dict:
        """A file someone shared: what `files.info` says of it (and what a file_share event carries)."""
        file_id = f"F{next(self._ts):09d}"
        info = {
            "id": file_id,
            "name": name,
            "title": name,
            "filetype": filetype,
            "mimetype": "text/csv" if filetype == "csv" else "application/octet-stream",
            "size": len(data),
            "user": user,
            "url_private": f"{self.base_url}/files-pri/T0000000001-{file_id}/{name}",
            "url_private_download": f"{self.base_url}/files-pri/T0000000001-{file_id}/download/{name}",
        }
        with self._lock:
            self.files[file_id] = info
            self._file_data[file_id] = data
        return info

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.uploads.clear()
            self.violations.clear()

    # --- answering -------------------------------------------------------------------------------
    def _record(self, method: str, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._changed:
            scripted = self._scripted.get(method)
            if scripted:
                rule = scripted[0]
                rule.times -= 1
                if rule.times <= 0:
                    scripted.pop(0)
                self.calls.append(Call(method=f"{method}!{rule.status}", args=args))
                self._changed.notify_all()
                return rule.status, rule.body, rule.headers
            if method in ("chat.postMessage", "chat.update", "chat.postEphemeral") and args.get("blocks"):
                self.violations += [(method, problem) for problem in violations(args["blocks"])]
            if method in ("views.publish", "views.open", "views.update", "views.push"):
                blocks = (args.get("view") or {}).get("blocks") or []
                self.violations += [(method, problem) for problem in violations(blocks, max_blocks=100)]
            body = self._answer(method, args)
            if method == "chat.postMessage":
                args["_ts"] = body["ts"]
            self.calls.append(Call(method=method, args=args))
            self._changed.notify_all()
            headers = {"x-oauth-scopes": ",".join(self._scopes())} if method == "auth.test" else {}
            return 200, body, headers

    def _scopes(self) -> list[str]:
        if self.scopes is not None:
            return self.scopes
        from bot.doctor.slack import manifest_scopes

        return sorted(manifest_scopes() or [])

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel") or args.get("channel_id") or "C0000000000"
        if method == "chat.postMessage":
            ts = self._next_ts()
            return {"ok": True, "channel": channel, "ts": ts, "message": {"ts": ts, "text": args.get("text")}}
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": args.get("ts"), "text": args.get("text")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://example.slack.com/",
                "team": "Example",
                "user": "aws-chatops",
                "team_id": "T0000000001",
                "user_id": "U0BOT00001",
                "bot_id": "B0BOT00001",
            }
        if method == "usergroups.users.list":
            return {"ok": True, "users": self.user_groups.get(str(args.get("usergroup")), [])}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):09d}"
            return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = args.get("files") or []
            if isinstance(files, str):
                files = json.loads(files)
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}
        if method in ("views.publish", "views.open", "views.update", "views.push"):
            return {"ok": True, "view": {"id": f"V{next(self._ts):09d}", **(args.get("view") or {})}}
        if method == "conversations.info":
            member = channel not in self.not_member
            return {"ok": True, "channel": {"id": channel, "is_member": member, "name": "ops"}}
        if method == "files.info":
            info = self.files.get(str(args.get("file")))
            return {"ok": True, "file": info} if info else {"ok": False, "error": "file_not_found"}
        if method == "users.info":
            return {"ok": True, "user": {"id": args.get("user"), "name": str(args.get("user")).lower()}}
        return {"ok": True}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:  # quiet
                return None

            def do_GET(self) -> None:
                path = urlparse(self.path).path
                if not path.startswith("/files-pri/"):
                    self._send(404, {"ok": False, "error": "not_found"}, {})
                    return
                file_id = path.split("/")[2].rsplit("-", 1)[-1]
                authorized = (self.headers.get("Authorization") or "").startswith("Bearer xoxb-")
                fake._record("file_download", {"file": file_id, "authorized": authorized})
                data = fake._file_data.get(file_id)
                if data is None:
                    self._send(404, {"ok": False, "error": "file_not_found"}, {})
                    return
                if not authorized:  # Slack answers a login page, not an error, without the token
                    data = b"<!DOCTYPE html><html><body>Sign in to Slack</body></html>"
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                path = urlparse(self.path).path
                if path.startswith("/upload/"):
                    file_id = path.rsplit("/", 1)[-1]
                    with fake._lock:
                        fake.uploads[file_id] = raw
                    self._send(200, {"ok": True}, {})
                    return
                if path.startswith("/response/"):
                    args = json.loads(raw or b"{}")
                    status, body, headers = fake._record("response_url", {**args, "_url": path})
                    self._send(status, body, headers)
                    return
                method = path.removeprefix("/api/")
                status, body, headers = fake._record(
                    method, _decode(raw, self.headers.get("Content-Type", ""))
                )
                self._send(status, body, headers)

            def _send(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _decode(raw: bytes, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        args = json.loads(raw or b"{}")
    else:
        args = {k: v[0] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}
    for key in ("blocks", "attachments", "view", "files"):
        if isinstance(args.get(key), str):
            try:
                args[key] = json.loads(args[key])
            except json.JSONDecodeError:
                pass
    return args
