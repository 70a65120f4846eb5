"""What the demo seeds and which commands it runs, in order. Each area adds its seed and its step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.demo.seeds import audit, spend

if TYPE_CHECKING:
    from bot.demo.world import DemoWorld


@dataclass(frozen=True)
class Step:
    title: str
    run: Callable[[DemoWorld], None]


def _command(name: str, text: str = "") -> Callable[[DemoWorld], None]:
    def run(world: DemoWorld) -> None:
        world.harness.command(name, text)

    return run


SEEDS: list[Callable[[DemoWorld], None]] = [
    spend.seed,
    audit.seed,
]

STEPS: list[Step] = [
    Step("/aws-help", _command("/aws-help")),
    Step("/aws-audit", _command("/aws-audit")),
]
