"""Every threshold and window of the takeover alarm, in one place (the README's "Takeover alarm" quotes it).

Why these values:

- **Launch burst** — an intruder with a leaked key launches as much as the quotas allow, in minutes;
  a deploy launches a handful. ≥ 20 instances or ≥ 5 RunInstances calls (failed ones too: quota
  errors are what a greedy launcher hits) by one principal inside any 10-minute window. The audit's
  decisive burst is 100 instances: the alarm rings earlier, while it is still cheap.
- **GPU or large** — accelerated families (p, g, inf, trn, dl, f, vt: what miners rent) and sizes
  of 16xlarge and up, metal, and the high-memory families: $3–$100 an hour each.
- **Root** — any call or sign-in by the root user: nothing routine needs it.
- **New credentials** — CreateUser, CreateAccessKey or CreateLoginProfile by a principal that has
  not done so in 90 days (CloudTrail's memory): persistence, usually minutes after the first foothold.
- **Risky policy** — AttachUserPolicy / PutUserPolicy granting admin, IAM full access (admin in one
  step) or SES sending (spam on the account's reputation).
- **Termination protection** — `disableApiTermination` set on ≥ 3 instances by one principal within
  an hour: an intruder protects what they launched so a hurried clean-up fails.
- **New region** — activity in a region with no write by anyone (other than AWS services and the
  bot itself) in the 90 days before: attackers go where nobody looks.
- **Trail and detector tampering** — StopLogging, DeleteTrail, DeleteDetector: blinding the account.
- **SageMaker** — a user profile or a Canvas app created: Canvas sessions bill by the hour.

Alerts: events of one principal or access key (or a user or key that principal created) within
30 minutes of an alert's latest event join that alert's thread. An unacknowledged critical alert is
re-posted in its thread, broadcast to the channel, every 15 minutes, three times at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class WatchRules:
    # --- rules ---------------------------------------------------------------------------------------
    burst_window: timedelta = timedelta(minutes=10)  # sliding window of a launch burst
    burst_instances: int = 20  # instances launched by one principal inside the window …
    burst_launches: int = 5  # … or RunInstances calls (failed ones count: quota errors)
    large_size_from: int = 16  # 16xlarge and up count as large (64+ vCPUs)
    large_families: tuple[str, ...] = ("x1", "x1e", "x2idn", "x2iedn", "x2iezn", "x8g", "u-")  # high memory
    quiet_days: int = 90  # "has not done so" / "has not used": CloudTrail's 90 days of event history
    protection_instances: int = 3  # instances protected by one principal inside the window
    protection_window: timedelta = timedelta(hours=1)
    # --- alerts --------------------------------------------------------------------------------------
    join_window: timedelta = timedelta(minutes=30)  # related events join the alert's thread
    repost_after: timedelta = timedelta(minutes=15)  # unacknowledged critical alert: post again
    repost_max: int = 3  # then the digest carries it
    digest_window: timedelta = timedelta(hours=24)  # the digest lists alerts of the last day
    # --- polling -------------------------------------------------------------------------------------
    delivery_overlap: timedelta = timedelta(minutes=20)  # CloudTrail shows events up to ~15 min late
    first_window: timedelta = timedelta(hours=1)  # a new account's first poll alerts on the last hour
    poll_max_pages: int = 200  # per lookup chain and cycle (10,000 events); beyond, reported
    seed_pages: int = 40  # per chain when learning who created credentials in the last 90 days
    region_seed_pages: int = 3  # write events read per region to learn whether it is used
    seen_retention: timedelta = timedelta(hours=24)  # event IDs kept (at least the overlap) to dedupe
    # --- push ----------------------------------------------------------------------------------------
    push_wait_seconds: int = 20  # SQS long poll (the maximum AWS allows)
    push_backoff_max: float = 300.0  # seconds between attempts after repeated errors


RULES = WatchRules()
