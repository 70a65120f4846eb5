"""What the demo seeds and which commands it runs, in order. Each area adds its seed and its step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.demo import home
from bot.demo.seeds import audit, cost, digest, idle, pastdue, spend, watch

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


def _scheduled(job: str) -> Callable[[DemoWorld], None]:
    """Run a scheduled job now, exactly as the scheduler would (lease and all), without a clock."""

    def run(world: DemoWorld) -> None:
        from bot.scheduler import Scheduler

        Scheduler(world.harness.services).run(job)

    return run


SEEDS: list[Callable[[DemoWorld], None]] = [
    spend.seed,
    audit.seed,
    cost.seed,
    pastdue.seed,
    digest.seed,  # after spend: reads its cost lines
    idle.seed,
    watch.seed,  # an alert channel and the push queue
]


def _cleanup(world: DemoWorld) -> None:
    from bot.demo.cleanup import walk_request

    walk_request(world)


STEPS: list[Step] = [
    Step("/aws-help", _command("/aws-help")),
    Step("/aws-audit", _command("/aws-audit")),  # before /aws-cost and the digest: both read its verdict
    Step("/aws-cost", cost.step),
    Step("/aws-idle", _command("/aws-idle")),
    Step("/aws-pastdue", _command("/aws-pastdue")),
    Step("Mark paid on invoice 2078514362 (Bob, a payer)", pastdue.mark_paid_step),
    Step("/aws-pastdue import, then a payments CSV uploaded in its thread", pastdue.upload_step),
    Step("/aws-pastdue (after the payments)", _command("/aws-pastdue")),
    Step("takeover alarm: the intruder is back (one poll cycle, then a pushed event)", watch.step),
    Step("daily digest (the scheduler's 09:00 job, run now)", _scheduled("digest")),
    Step(
        "/aws-digest demo (later the same day: replies in the day's thread)", _command("/aws-digest", "demo")
    ),
    Step("cleanup: request → approve → outcome", _cleanup),  # after /aws-idle: it clicks its button
    Step("Alice requests the gp2 → gp3 change /aws-idle offered", home.request_step),
    Step("App Home: Bob opens the bot's Home tab", home.open_home_step),
    Step("Bob approves the request from his Home tab", home.approve_from_home_step),
]
