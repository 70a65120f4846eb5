"""The Bolt app: every listener registered on one `App`, the same in HTTP and Socket Mode."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App

from bot.services import Services


def build_app(services: Services) -> App:
    import handlers

    settings = services.settings
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    app = App(
        client=services.slack,
        signing_secret=secret,
        # Socket Mode connections are authenticated by the app token; HTTP requests by signature.
        request_verification_enabled=not settings.socket_mode,
        token_verification_enabled=True,  # auth.test once at start-up: a bad token stops the bot now
        ignoring_self_events_enabled=True,
        raise_error_for_unhandled_request=True,  # handlers/fallback.py answers them (not a bare 404)
        # Listeners ack, then may post a reply or open a modal; Bolt's default of 5 threads would let
        # a few slow Slack calls delay other requests' acks. As many as waitress serves at once.
        listener_executor=ThreadPoolExecutor(max_workers=16, thread_name_prefix="bolt"),
    )
    handlers.register(app, services)
    return app
