"""Run every benchmark and print one table. BENCH_LATENCY sets the per-call latency (default 0.05 s)."""

from __future__ import annotations

import importlib
import sys
import traceback

from bench.common import LATENCY, Report, bench_env

BENCHMARKS = [
    "bench.fanout",
    "bench.audit",
    "bench.idle",
    "bench.digest",
    "bench.pastdue",
    "bench.doctor",
    "bench.watch",
]


def main() -> int:
    bench_env()
    report = Report()
    failed = 0
    print(f"benchmarks, {LATENCY * 1000:.0f} ms injected per AWS call")
    for name in BENCHMARKS:
        print(f"… {name}", flush=True)
        try:
            importlib.import_module(name).run(report)
        except Exception:
            failed += 1
            traceback.print_exc()
            report.add(name, "FAILED", "", False)
    report.print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
