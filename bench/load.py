"""Twenty people run /aws-audit on the takeover account at once, while others keep typing commands.

The whole bot as deployed: waitress serving signed requests, the fake Slack Web API over HTTP
(`bot/devtools/slack_server.py`), the takeover account of `bench/scenario.py` behind 50 ms per
call. `bench/prober.py`, in a process of its own like Slack, sends 20 `/aws-audit` at once (20
people, 20 channels), then a `/aws-help` every 200 ms from other people until every audit has
answered. Measured: the slash-command acknowledgement time (what Slack waits 3 s for) p50/p99,
how long each person waited for the parent message and for the whole answer, how long the
`/aws-help` answers took meanwhile, the bot's peak RSS, Slack Web API calls per answer, and whether
every message stayed within Block Kit's limits. The harness does not run the start-up hooks; the
one that matters here, the garbage collector's tuning (`bot/runtime.py`), is applied to every
benchmark process by `bench_env()`. The fake Slack answers inside the bot process (its CPU is
small: one JSON decode and a Block Kit check per call).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter, defaultdict

import boto3
from sqlalchemy import func, select

from bench.common import Report
from bench.measure import PeakRss, mib, percentile
from bench.prober import LOAD_CHANNEL, PROBE_CHANNEL
from bench.scenario import takeover
from bot.devtools.harness import SIGNING_SECRET, Harness
from bot.store.tables import Run

AUDITS = 20
PROBE_EVERY = 0.2
TIMEOUT = 600.0


def _audits_done(bot: Harness) -> int:
    with bot.services.store.tx() as tx:
        query = select(func.count()).select_from(Run).where(Run.actor.like("U0LOAD%"))
        return int(tx.execute(query).scalar_one())


def run(report: Report) -> None:
    with (
        takeover() as world,
        Harness(
            accounts=[world.account],
            base_session=boto3.Session(region_name="us-east-1"),
            aws_hooks=world.hooks,
        ) as bot,
    ):
        bot.command("/aws-audit", user="U0WARMUP01")  # models loaded, moto's answers rendered once
        bot.slack.reset()
        command = [sys.executable, "-m", "bench.prober", "--url", f"{bot.url}/slack/events",
                   "--secret", SIGNING_SECRET, "--response-url", bot.slack.response_url("cmd"),
                   "--audits", str(AUDITS), "--every", str(PROBE_EVERY)]  # fmt: skip
        prober = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert prober.stdin is not None and prober.stdout is not None
        with PeakRss() as memory:
            started = time.monotonic()
            assert prober.stdout.readline().strip() == "started"
            deadline = started + TIMEOUT
            while _audits_done(bot) < AUDITS and time.monotonic() < deadline:
                time.sleep(0.5)
            finished = time.time()
        prober.stdin.close()
        acks = json.loads(prober.stdout.readline())
        prober.wait(30)
        bot.wait()
        calls = bot.slack.called()
        violations = list(bot.slack.violations)
        done = _audits_done(bot)
    clock = time.time() - time.monotonic()  # FakeSlack stamps calls with time.monotonic()
    _figures(report, acks, calls, violations, started + clock, finished, clock, done, memory)


def _by_channel(calls: list, channels: set[str]) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for call in calls:
        channel = call.args.get("channel") or call.args.get("channel_id")
        if channel in channels:
            out[channel].append(call)
    return out


def _figures(report, acks, calls, violations, started, finished, clock, done, memory) -> None:  # type: ignore[no-untyped-def]
    assert done == AUDITS, f"only {done} of {AUDITS} audits answered in {TIMEOUT:.0f}s"
    assert not acks["failures"], acks["failures"]
    every = [elapsed for _, elapsed in acks["audits"] + acks["probes"]]
    p50, p99 = percentile(every, 50) * 1000, percentile(every, 99) * 1000
    report.add(
        f"slash-command ack while {AUDITS} audits run (HTTP, signed): p50 / p99",
        f"{p50:.0f} / {p99:.0f} ms (max {max(every) * 1000:.0f} ms; {len(acks['audits'])} audits + "
        f"{len(acks['probes'])} /aws-help)",
        "p99 ≤ 300 ms",
        p99 <= 300,
    )
    by_channel = _by_channel(calls, {LOAD_CHANNEL.format(n) for n in range(AUDITS)})
    first = [min(c.at for c in cs) + clock - started for cs in by_channel.values()]
    last = [max(c.at for c in cs) + clock - started for cs in by_channel.values()]
    report.add(
        f"{AUDITS} audits at once: wait for the parent message, p50 / max",
        f"{percentile(first, 50):.1f} / {max(first):.1f}s (whole answers: p50 {percentile(last, 50):.1f}s, "
        f"last {max(last):.1f}s; all done in {finished - started:.1f}s)",
    )
    during = {PROBE_CHANNEL.format(n): sent for n, (sent, _) in enumerate(acks["probes"]) if sent < finished}
    answered = _by_channel(calls, set(during))
    waits = [max(c.at for c in answered[ch]) + clock - sent for ch, sent in during.items() if ch in answered]
    report.add(
        "/aws-help sent while the audits run: whole answer, p50 / p99",
        f"{percentile(waits, 50):.1f} / {percentile(waits, 99):.1f}s "
        f"({len(waits)} of {len(during)} answered)",
        "p99 ≤ 3 s",
        len(waits) == len(during) and percentile(waits, 99) <= 3,
    )
    report.add(
        f"{AUDITS} audits at once: peak RSS of the bot process",
        f"{mib(memory.peak)} ({mib(memory.before)} before)",
    )
    methods = Counter(c.method for cs in by_channel.values() for c in cs)
    methods["files.getUploadURLExternal"] = methods["files.completeUploadExternal"]  # one each per file
    per_answer = sum(methods.values()) / max(len(by_channel), 1)
    shape = ", ".join(f"{m} {n / len(by_channel):g}" for m, n in methods.most_common())
    report.add("/aws-audit answer: Slack Web API calls per answer", f"{per_answer:g} ({shape})")
    messages = sum(1 for c in calls if c.method in ("chat.postMessage", "chat.update"))
    report.add(
        "every message posted under load within Block Kit limits",
        f"{len(violations)} problems in {messages} messages",
        "0",
        not violations,
    )
