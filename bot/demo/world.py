"""The demo's world: a seeded moto account, fakes for what moto lacks, and the bot on local HTTP."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

import boto3

from bot.aws.fakes import FakeAws
from bot.demo.script import SEEDS, STEPS
from bot.demo.transcript import Transcript
from bot.devtools.fake_audit import FakeAuditApis
from bot.devtools.fake_ce import FakeCostExplorer
from bot.devtools.harness import DEMO_ACCOUNT, Harness


class DemoWorld:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.fake = FakeAws()
        self.ce = FakeCostExplorer()  # the account's bill; seeds add cost lines
        self.ce.attach_to(self.fake)
        self.account = dict(DEMO_ACCOUNT)
        self.session = boto3.Session(region_name="us-east-1")
        self._tmp = tempfile.TemporaryDirectory(prefix="chatops-demo-")
        self.workdir = Path(self._tmp.name)
        self.settings: dict[str, object] = {}  # seeds may add settings (e.g. FX_RATES)
        self.trail: FakeAuditApis | None = None  # CloudTrail's LookupEvents (seeded by seeds/audit.py)
        self.harness: Harness

    def __enter__(self) -> DemoWorld:
        for seed in SEEDS:
            seed(self)
        self.harness = Harness(
            accounts=[self.account],
            settings={
                "database_url": f"sqlite:///{self.workdir / 'demo.db'}",
                "digest_channel": "C0DIGEST01",
                **self.settings,
            },
            aws_hooks=[self.fake.attach],
            base_session=self.session,
        ).start()
        self.transcript = Transcript(self.harness.slack, self.out)
        return self

    def __exit__(self, *_: object) -> None:
        self.harness.stop()
        self._tmp.cleanup()

    def run(self) -> int:
        self.out.write("AWS chat-ops bot — demo (moto account 123456789012, local fake Slack)\n")
        failures = 0
        for step in STEPS:
            self.transcript.begin(step.title)
            try:
                step.run(self)
            except Exception as exc:  # a broken step is reported, the rest still run
                failures += 1
                self.out.write(f"  ✗ step failed: {type(exc).__name__}: {exc}\n")
            self.harness.wait()
            self.transcript.show()
        self.out.write("\nDemo finished" + (f" with {failures} failed step(s).\n" if failures else ".\n"))
        return 1 if failures else 0
