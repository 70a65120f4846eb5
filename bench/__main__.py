"""Run every benchmark and print one table. BENCH_LATENCY sets the per-call latency (default 0.05 s).

`python -m bench` runs them all; `python -m bench audit load` runs some. Each benchmark runs in a
process of its own, so one's memory, threads and moto state never colour another's figures (and
a peak RSS is that benchmark's own). The takeover account (`bench/scenario.py`) is seeded once,
in a moto server process of its own, and shared by the benchmarks that read it (they only read).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.common import LATENCY, Figure, Report, bench_env

BENCHMARKS = [
    "bench.fanout",
    "bench.audit",
    "bench.idle",
    "bench.load",
    "bench.digest",
    "bench.pastdue",
    "bench.doctor",
    "bench.watch",
]
TAKEOVER = {"bench.audit", "bench.idle", "bench.load"}  # read the shared takeover account


def run_one(name: str, out: Path) -> int:
    """Child process: run one benchmark, write its figures as JSON."""
    bench_env()
    report = Report()
    code = 0
    try:
        importlib.import_module(name).run(report)
    except Exception:
        traceback.print_exc()
        report.add(name, "FAILED", "", False)
        code = 1
    out.write_text(json.dumps([dataclasses.asdict(f) for f in report.figures]))
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (e.g. audit load); default: all")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        return run_one(args.one, args.out)
    selected = [n if n.startswith("bench.") else f"bench.{n}" for n in args.names] or BENCHMARKS
    bench_env()
    print(f"benchmarks, {LATENCY * 1000:.0f} ms injected per AWS call", flush=True)
    report = Report()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        env = dict(os.environ)
        server = None
        if TAKEOVER & set(selected):
            from bench.scenario import SHARED, start_server, stop_server

            started = time.perf_counter()
            server, line = start_server()
            (Path(tmp) / "takeover.json").write_text(line)
            env[SHARED] = str(Path(tmp) / "takeover.json")
            print(f"… takeover account seeded in moto ({time.perf_counter() - started:.0f}s)", flush=True)
        try:
            for name in selected:
                print(f"… {name}", flush=True)
                out = Path(tmp) / f"{name}.json"
                command = [sys.executable, "-m", "bench", "--one", name, "--out", str(out)]
                code = subprocess.run(command, env=env, check=False).returncode
                figures = json.loads(out.read_text()) if out.exists() else []
                report.figures += [Figure(**f) for f in figures]
                if code or not figures:
                    failed += 1
                    if not figures:
                        report.add(name, "FAILED", "", False)
        finally:
            if server is not None:
                stop_server(server)
    report.print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
