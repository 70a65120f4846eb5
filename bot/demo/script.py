"""What the demo seeds and which commands it runs, in order. Each area adds its seed and its step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def _pastdue():  # noqa: ANN202 — the module, imported when the demo runs
    from bot.demo.seeds import pastdue

    return pastdue


def _seed_pastdue(world: DemoWorld) -> None:
    _pastdue().seed(world)


SEEDS: list[Callable[[DemoWorld], None]] = [
    _seed_pastdue,
]

STEPS: list[Step] = [
    Step("/aws-help", _command("/aws-help")),
    Step("/aws-pastdue", _command("/aws-pastdue")),
    Step("Mark paid on invoice 2078514362 (Bob, a payer)", lambda world: _pastdue().mark_paid_step(world)),
    Step(
        "/aws-pastdue import, then a payments CSV uploaded in its thread", lambda w: _pastdue().upload_step(w)
    ),
    Step("/aws-pastdue (after the payments)", _command("/aws-pastdue")),
]
