"""Serving Slack: HTTP behind waitress (a production WSGI server), or Socket Mode.

HTTP: POST /slack/events for commands, interactivity and events; GET /healthz for the platform.
Bolt's own `app.start()` is a development server, so the WSGI adapter is used instead.
"""

from __future__ import annotations

import json
import logging
import signal
import threading
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text

from bot.services import Services

log = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _SlackHandler(SlackRequestHandler):
    """Bolt's handler, plus what Bolt itself fails on (it would answer 500). A body it cannot parse:
    401 unless Slack signed it, as for any request not from Slack, 400 if it did. A signed payload
    so malformed that Bolt's own matching raises (before any listener or error handler runs): logged,
    and a 200, so Slack neither shows a failure nor retries."""

    def __init__(self, app: App, secret: str | None) -> None:
        super().__init__(app, path="/slack/events")
        self._verifier = SignatureVerifier(secret) if secret else None

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        body, headers = request.get_body(), request.get_headers()
        try:
            parsed = BoltRequest(body=body, query=request.query_string, headers=headers)
        except Exception:  # not the JSON or form Slack sends
            if not self._signed(body, headers):
                return BoltResponse(status=401, body={"error": "invalid request"})
            log.warning("a signed request whose body is not a Slack payload (%d bytes)", len(body))
            return BoltResponse(status=400, body={"error": "unreadable payload"})
        try:
            return self.app.dispatch(parsed)
        except Exception:
            if not self._signed(body, headers):
                return BoltResponse(status=401, body={"error": "invalid request"})
            log.exception("Bolt could not handle a signed request (%d bytes)", len(body))
            return BoltResponse(status=200, body="")

    def _signed(self, body: str, headers: dict[str, Any]) -> bool:
        if self._verifier is None:  # request verification is off (Socket Mode): nothing to check
            return False
        flat = {k: v if isinstance(v, str) else next(iter(v), "") for k, v in headers.items()}
        return self._verifier.is_valid_request(body, flat)


def wsgi_app(app: App, services: Services) -> WsgiApp:
    secret = services.settings.slack_signing_secret
    slack = _SlackHandler(app, secret.get_secret_value() if secret else None)

    def route(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            status, body = _health(services)
            start_response(status, [("Content-Type", "application/json")])
            return [json.dumps(body).encode()]
        if path == "/slack/events":
            return slack(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return route


def _health(services: Services) -> tuple[str, dict[str, Any]]:
    try:
        with services.store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # the platform should restart or stop routing to us
        log.warning("health check: store unreachable: %s", type(exc).__name__)
        return "503 Service Unavailable", {"ok": False, "store": "unreachable"}
    return "200 OK", {"ok": True, "jobs_running": services.jobs.pending}


def make_http_server(app: App, services: Services, host: str = "0.0.0.0", port: int | None = None) -> Any:
    import waitress

    return waitress.create_server(
        wsgi_app(app, services),
        host=host,
        port=services.settings.port if port is None else port,
        threads=16,
        ident="aws-chatops-bot",
        clear_untrusted_proxy_headers=True,
    )


def serve(app: App, services: Services) -> None:
    settings = services.settings
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        token = settings.slack_app_token.get_secret_value()  # type: ignore[union-attr]
        handler = SocketModeHandler(app, token)
        log.info("serving Slack over Socket Mode")
        handler.connect()
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        stop.wait()
        handler.close()
        return
    server = make_http_server(app, services)
    log.info("serving Slack over HTTP on port %s (POST /slack/events, GET /healthz)", server.effective_port)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: server.close())
    run_until_closed(server)


def run_until_closed(server: Any) -> None:
    """Serve until `server.close()`, which may pull the socket out from under select()."""
    try:
        server.run()
    except (OSError, ValueError):
        pass
