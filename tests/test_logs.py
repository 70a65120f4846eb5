import logging

from bot.logs import RedactingFilter, redact, setup_logging


def test_tokens_and_secret_keys_never_reach_a_log_line(caplog):
    logger = logging.getLogger("bot.test")
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO):
        logger.info("token %s and %s", "xoxb-1234-5678-abcdEFGH", "xapp-1-A0-1-abc")
        logger.info("creds {'SecretAccessKey': 'wJalrXUtnFEMI/K7MDENG', 'SessionToken': 'IQoJb3JpZ2luX2Vj'}")
    text = caplog.text
    assert "abcdEFGH" not in text and "xapp-1-A0" not in text
    assert "wJalrXUtnFEMI" not in text and "IQoJb3JpZ2luX2Vj" not in text
    assert "[redacted]" in text


def test_redact_leaves_ordinary_text_alone():
    assert redact("i-0123456789abcdef0 in us-east-1") == "i-0123456789abcdef0 in us-east-1"


def test_secrets_in_an_exception_s_traceback_are_redacted_too(capsys):
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        setup_logging("INFO")
        try:
            raise RuntimeError("Slack said no to xoxb-1234-5678-abcdEFGH; SecretAccessKey=wJalrXUtnFEMI")
        except RuntimeError:
            logging.getLogger("bot.jobs").exception("job cleanup.approve failed")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    err = capsys.readouterr().err
    assert "job cleanup.approve failed" in err and "RuntimeError" in err
    assert "abcdEFGH" not in err and "wJalrXUtnFEMI" not in err
