"""`make demo` must keep working on a fresh machine: the same run, in-process."""

import io

from bot.demo import run_demo


def test_demo_runs_every_step_and_exits_zero():
    out = io.StringIO()
    assert run_demo(out) == 0, out.getvalue()[-3000:]
    text = out.getvalue()
    assert "▶ /aws-help" in text
    assert "step failed" not in text
    assert "Demo finished." in text
