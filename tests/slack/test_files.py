"""Downloading a shared file sends the bot token only to Slack, and refuses what is not a small CSV."""

import pytest
from slack_sdk import WebClient

from bot.devtools.slack_server import FakeSlack
from bot.slack.files import FileProblem, download


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


def _download(slack, file_id, token="xoxb-test", max_bytes=1000):
    client = WebClient(token=token, base_url=slack.api_url)
    return download(client, file_id, api_url=slack.api_url, max_bytes=max_bytes)


def test_a_csv_is_downloaded_with_the_bot_token(slack):
    file = slack.host_file("p.csv", b"invoice_id,paid_date\n")
    shared = _download(slack, file["id"])
    assert shared.data == b"invoice_id,paid_date\n" and shared.name == "p.csv"
    assert slack.called("file_download")[0].args["authorized"] is True


def test_the_token_never_goes_to_another_host(slack):
    file = slack.host_file("p.csv", b"x")
    slack.files[file["id"]]["url_private_download"] = "https://attacker.example/p.csv"
    with pytest.raises(FileProblem, match="hosted outside Slack"):
        _download(slack, file["id"])
    slack.files[file["id"]]["url_private_download"] = "http://files.slack.com/p.csv"  # not HTTPS
    with pytest.raises(FileProblem, match="hosted outside Slack"):
        _download(slack, file["id"])
    assert slack.called("file_download") == []


@pytest.mark.parametrize(
    ("name", "data", "filetype", "problem"),
    [
        ("scan.png", b"\x89PNG", "png", "is not a CSV file"),
        ("big.csv", b"x" * 2000, "csv", "is over 1 kB"),
    ],
)
def test_what_is_not_a_small_csv_is_refused_before_download(slack, name, data, filetype, problem):
    file = slack.host_file(name, data, filetype=filetype)
    with pytest.raises(FileProblem, match=problem):
        _download(slack, file["id"])
    assert slack.called("file_download") == []


def test_a_sign_in_page_instead_of_the_file_is_recognised(slack):
    file = slack.host_file("p.csv", b"invoice_id\n")
    with pytest.raises(FileProblem, match=r"web page instead of `p\.csv`"):
        _download(slack, file["id"], token="xoxe-not-a-bot-token")


def test_an_unknown_file_is_a_clear_problem(slack):
    with pytest.raises(FileProblem, match="file_not_found"):
        _download(slack, "F000000404")
