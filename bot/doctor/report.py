"""The doctor's output: one line per check, ✓ or ✗ (– for what does not apply), the fix under each ✗."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TextIO


class Status(StrEnum):
    OK = "✓"
    FAIL = "✗"
    SKIP = "–"


@dataclass(frozen=True)
class Line:
    status: Status
    text: str
    fix: str | None = None


def ok(text: str) -> Line:
    return Line(Status.OK, text)


def fail(text: str, fix: str) -> Line:
    return Line(Status.FAIL, text, fix)


def skip(text: str) -> Line:
    return Line(Status.SKIP, text)


@dataclass
class Report:
    out: TextIO
    failures: int = 0
    lines: list[Line] = field(default_factory=list)

    def section(self, title: str) -> None:
        self.out.write(f"\n{title}\n")

    def add(self, *lines: Line) -> None:
        for line in lines:
            self.lines.append(line)
            self.out.write(f"  {line.status.value} {line.text}\n")
            if line.status is Status.FAIL:
                self.failures += 1
                self.out.write(f"      fix: {line.fix}\n")
        self.out.flush()

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def close(self) -> int:
        if self.failures:
            self.out.write(
                f"\n{self.failures} check(s) failed: fix them from the top (later ones often follow).\n"
            )
        else:
            self.out.write("\nAll checks passed: the bot can serve Slack and read every account.\n")
        return self.exit_code
