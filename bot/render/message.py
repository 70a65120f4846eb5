"""What a renderer returns: a message, and files for what does not fit in one."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CsvFile:
    """A list too long for Slack, uploaded into the thread instead (every identifier kept verbatim)."""

    filename: str
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]

    def content(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.header)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        return out.getvalue()


@dataclass
class BinaryFile:
    """A file such as a PNG chart, uploaded into the thread."""

    filename: str
    title: str
    data: bytes

    def content(self) -> bytes:
        return self.data


@dataclass
class Message:
    """Fallback text (notifications, screen readers), blocks, and files to upload beside them."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    files: list[CsvFile | BinaryFile] = field(default_factory=list)
