"""Slack's side of the load benchmark, in a process of its own (`python -m bench.prober`).

Sends signed slash commands to the bot over HTTP, as Slack does, and times each acknowledgement:
first N `/aws-audit` at once (one per person, each in its own channel), then a `/aws-help` every
`--every` seconds from other people (each in a channel of its own) until stdin closes. Prints one
JSON object: for the audits and for the probes, when each was sent (epoch seconds) and how long
its acknowledgement took, and any non-200 answer. Running apart from the bot keeps the
measuring client's own CPU out of the bot's GIL (and the bot's out of the measurement).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bot.devtools.slack_requests import SlackRequests

LOAD_USER = "U0LOAD{:04d}"
LOAD_CHANNEL = "C0LOAD{:04d}"
PROBE_USER = "U0PROBE{:03d}"
PROBE_CHANNEL = "C0PROBE{:04d}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--response-url", required=True)
    parser.add_argument("--audits", type=int, default=20)
    parser.add_argument("--every", type=float, default=0.2)
    args = parser.parse_args(argv)
    send = SlackRequests(args.url, args.secret)
    failures: list[str] = []

    def audit(n: int) -> tuple[float, float]:
        sent = time.time()
        reply = send.command(
            "/aws-audit",
            user_id=LOAD_USER.format(n),
            channel_id=LOAD_CHANNEL.format(n),
            response_url=args.response_url,
        )
        if reply.status != 200:
            failures.append(f"/aws-audit {reply.status}")
        return sent, reply.elapsed

    with ThreadPoolExecutor(max_workers=args.audits) as pool:
        audits = list(pool.map(audit, range(args.audits)))
    print("started", flush=True)  # the bench waits for this line, then for the answers

    probes: list[tuple[float, float]] = []
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    n = 0
    while not done.is_set():
        started, sent = time.perf_counter(), time.time()
        reply = send.command(
            "/aws-help",
            user_id=PROBE_USER.format(n % 1000),
            channel_id=PROBE_CHANNEL.format(n),
            response_url=args.response_url,
        )
        if reply.status != 200:
            failures.append(f"/aws-help {reply.status}")
        probes.append((sent, reply.elapsed))
        n += 1
        done.wait(max(0.0, args.every - (time.perf_counter() - started)))
    print(json.dumps({"audits": audits, "probes": probes, "failures": failures}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
