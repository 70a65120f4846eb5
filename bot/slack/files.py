"""Download a file someone shared with the bot (scope `files:read`), without leaking the bot token.

The URL comes from `files.info`, not from the event, and the bot token is sent only to Slack's
file host (`files.slack.com`) over HTTPS, or to the host of `SLACK_API_URL` when that is set to
something else (an Enterprise Grid proxy, or the local fake Slack of the tests and the demo).
Redirects elsewhere are refused, and the size is capped before anything is read into memory.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

SLACK_FILE_HOST = "files.slack.com"


class FileProblem(Exception):
    """The file cannot be used; the message says why in a sentence for the person who shared it."""


@dataclass(frozen=True)
class SharedFile:
    file_id: str
    name: str
    data: bytes


class _SameHostsOnly(urllib.request.HTTPRedirectHandler):
    def __init__(self, allowed: set[str]) -> None:
        self.allowed = allowed

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if urlparse(newurl).hostname not in self.allowed:
            raise FileProblem("Slack redirected the download to an unexpected host; not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(
    client: WebClient,
    file_id: str,
    *,
    api_url: str,
    max_bytes: int,
    kinds: tuple[str, ...] = ("csv", "text"),
) -> SharedFile:
    """The file's bytes, or FileProblem (too big, not a CSV, not downloadable)."""
    try:
        info = client.files_info(file=file_id)["file"]
    except SlackApiError as exc:
        raise FileProblem(f"Slack would not describe the file ({exc.response.get('error')})") from None
    name = str(info.get("name") or file_id)
    if info.get("filetype") not in kinds and not name.lower().endswith(".csv"):
        raise FileProblem(f"`{name}` is not a CSV file")
    if int(info.get("size") or 0) > max_bytes:
        raise FileProblem(f"`{name}` is over {max_bytes // 1000} kB")
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        raise FileProblem(f"`{name}` has no download link (an external or deleted file?)")
    api_host = urlparse(api_url).hostname or ""
    parsed = urlparse(url)
    trusted = (parsed.scheme == "https" and parsed.hostname == SLACK_FILE_HOST) or parsed.hostname == api_host
    if not trusted:
        raise FileProblem(f"`{name}` is hosted outside Slack; not downloaded")
    opener = urllib.request.build_opener(_SameHostsOnly({SLACK_FILE_HOST, api_host}))
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    try:
        with opener.open(request, timeout=30) as response:
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise FileProblem(f"downloading `{name}` failed (HTTP {exc.code})") from None
    except urllib.error.URLError as exc:
        raise FileProblem(f"downloading `{name}` failed ({exc.reason})") from None
    if len(data) > max_bytes:
        raise FileProblem(f"`{name}` is over {max_bytes // 1000} kB")
    if data.lstrip()[:15].lower().startswith((b"<!doctype", b"<html")):
        raise FileProblem(f"Slack answered with a web page instead of `{name}` (is files:read granted?)")
    return SharedFile(file_id, name, data)
