"""CONTRACT.md, "Commands": the make targets and `python -m bot` as a process, serving Slack over HTTP."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from bot import server
from bot.devtools.harness import DEMO_ACCOUNT, OPS, SIGNING_SECRET
from bot.devtools.slack_requests import SlackRequests
from bot.devtools.slack_server import FakeSlack
from bot.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def _make_dry_run(target: str) -> str:
    """What `make TARGET` would run (make -n prints the recipes without running them)."""
    result = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("target", "runs"),
    [
        ("demo", [".venv/bin/python -m bot demo"]),
        ("run", [".venv/bin/python -m bot\n"]),
        ("bench", [".venv/bin/python -m bench"]),
        ("test", [".venv/bin/python -m ruff check .", ".venv/bin/python -m ruff format --check .", "pytest"]),
    ],
)
def test_each_make_target_runs_what_the_contract_says_in_the_project_venv(target, runs):
    recipe = _make_dry_run(target) + "\n"
    for command in runs:
        assert command in recipe
    # every target installs into .venv first when pyproject.toml changed (nothing global)
    assert "pip install" not in recipe or ".venv/bin/python -m pip install" in recipe


def test_ci_calls_exactly_make_test():
    script = (REPO / ".ci" / "run").read_text().splitlines()
    commands = [line.strip() for line in script if line.strip().startswith("make ")]
    assert commands == ["make test"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"python -m bot exited with {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            time.sleep(0.2)
    pytest.fail("python -m bot never answered /healthz")


def test_python_m_bot_serves_http_on_port_with_the_environment_and_dot_env(tmp_path):
    """The real process: settings from the environment and from .env, commands at POST /slack/events."""
    accounts = tmp_path / "team-accounts.yaml"
    accounts.write_text(yaml.safe_dump([dict(DEMO_ACCOUNT, name="minkabu")]))
    database = tmp_path / "state" / "bot.db"
    database.parent.mkdir()
    port = _free_port()
    with FakeSlack() as slack:
        # .env carries half the settings; the environment the other half
        (tmp_path / ".env").write_text(
            f"SLACK_SIGNING_SECRET={SIGNING_SECRET}\nACCOUNTS_FILE={accounts}\nDATABASE_URL=sqlite:///{database}\n"
        )
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "PYTHONPATH": str(REPO),
            "SLACK_BOT_TOKEN": "xoxb-0000-contract",
            "SLACK_API_URL": slack.api_url,
            "PORT": str(port),
            "WATCH_INTERVAL": "0",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",  # nothing here: no real AWS, ever
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            assert _wait_healthy(url, process)["ok"] is True
            assert database.exists()  # DATABASE_URL from .env: the store was created there
            requests = SlackRequests(url + "/slack/events", SIGNING_SECRET)
            unsigned = requests.command("/aws-help", signed=False)
            assert unsigned.status == 401
            reply = requests.command("/aws-help", channel_id=OPS, response_url=slack.response_url("help"))
            assert reply.status == 200 and reply.elapsed < 3
            assert slack.wait_for(lambda s: len(s.called("chat.postMessage")) >= 2, timeout=30)
            posted = slack.called("chat.postMessage")
            assert posted[0].args["channel"] == OPS
            assert "minkabu" in "\n".join(c.all_text() for c in posted)  # ACCOUNTS_FILE from .env
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                out, err = process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                out, err = process.communicate()
    assert process.returncode == 0, err
    assert "xoxb-0000-contract" not in out + err and SIGNING_SECRET not in out + err


def test_python_m_bot_in_socket_mode_when_an_app_token_is_set(monkeypatch):
    """SLACK_APP_TOKEN set: Socket Mode with that token, and no HTTP port is opened."""
    import slack_bolt.adapter.socket_mode as socket_mode

    class Connected(Exception):
        pass

    seen = {}

    class FakeSocketModeHandler:
        def __init__(self, app, app_token):
            seen["app"], seen["token"] = app, app_token

        def connect(self):
            raise Connected

    def no_http(*_args, **_kwargs):
        raise AssertionError("HTTP server started in Socket Mode")

    monkeypatch.setattr(socket_mode, "SocketModeHandler", FakeSocketModeHandler)
    monkeypatch.setattr(server, "make_http_server", no_http)
    settings = Settings(_env_file=None, slack_bot_token="xoxb-1", slack_app_token="xapp-1-contract")
    app = object()
    with pytest.raises(Connected):
        server.serve(app, SimpleNamespace(settings=settings))
    assert seen == {"app": app, "token": "xapp-1-contract"}
