"""Every threshold of the compromise audit, in one place (the README's "/aws-audit" section quotes it).

How the verdict weighs what the checks found:

- Each audit check names the *signal* it is evidence for; `WEIGHTS` gives each signal a weight.
  **Decisive** signals are what only a takeover looks like (hundreds of instances or 50+ ECS
  clusters inside one 10-minute window, a GuardDuty CryptoCurrency finding). **Strong** ones are
  takeover moves a legitimate team rarely makes, and almost never two at once (termination
  protection on fresh launches, a freshly created key used to launch compute, SES or admin
  policies attached, CloudTrail stopped, activity in a region the account never used, a vertical
  cost spike, root signing in without MFA). **Supporting** ones are worth a look but are often
  legitimate alone (a new user or key, a generated-looking user name, a GPU launch, a new Canvas
  user, a public bucket). **Hygiene** findings (no root MFA, old keys, GuardDuty off) are risks,
  not evidence of an intruder: they never move the verdict.
- **Likely compromise**: any decisive signal, or `strong_for_compromise` different strong ones.
- **Inconclusive — audit needed**: one strong signal, or `supporting_for_inconclusive` different
  supporting ones, or a blind spot that could hide a miner (CloudTrail not fully read, no cost data).
- **Likely legitimate over-provisioning**: none of the above, CloudTrail read everywhere, and a
  cost series without a recent spike (a flat run-rate is the typical shape of idle, always-on
  resources). CloudTrail unreadable → never "legitimate": a low-and-slow miner hides in a flat bill.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from enum import IntEnum


class Weight(IntEnum):
    HYGIENE = 0
    SUPPORTING = 1
    STRONG = 2
    DECISIVE = 3

    @property
    def label(self) -> str:
        return self.name.lower()


WEIGHTS: dict[str, Weight] = {
    # decisive: only a takeover looks like this
    "launch_burst": Weight.DECISIVE,
    "cluster_burst": Weight.DECISIVE,
    "crypto_finding": Weight.DECISIVE,
    # strong: takeover moves
    "termination_protection": Weight.STRONG,
    "fresh_key_used": Weight.STRONG,
    "risky_policy": Weight.STRONG,
    "trail_tampering": Weight.STRONG,
    "new_region": Weight.STRONG,
    "cost_spike": Weight.STRONG,
    "unauthorized_access_finding": Weight.STRONG,
    "root_login_without_mfa": Weight.STRONG,
    # supporting: worth a look, often legitimate alone
    "new_credentials": Weight.SUPPORTING,
    "generated_user": Weight.SUPPORTING,
    "gpu_launch": Weight.SUPPORTING,
    "canvas": Weight.SUPPORTING,
    "public_bucket": Weight.SUPPORTING,
    "root_login": Weight.SUPPORTING,
    "guardduty_finding": Weight.SUPPORTING,
    # hygiene: risks, not evidence
    "hygiene": Weight.HYGIENE,
}


@dataclass(frozen=True)
class AuditRules:
    # --- windows ---------------------------------------------------------------------------------
    lookback_days: int = 90  # CloudTrail's lookup_events keeps 90 days of management events
    recent_days: int = 14  # "new": users, keys, launches, regions, spikes within this many days
    burst_window: timedelta = timedelta(minutes=10)  # the sliding window of a launch burst
    # --- decisive thresholds -----------------------------------------------------------------------
    burst_instances: int = 100  # instances launched inside one burst window
    burst_ecs_clusters: int = 50  # ECS clusters created inside one burst window
    # --- credentials -------------------------------------------------------------------------------
    key_max_age_days: int = 90  # an active key older than this should be rotated
    key_unused_days: int = 90  # an active key unused this long should be deactivated
    # --- cost --------------------------------------------------------------------------------------
    new_region_min_usd: Decimal = Decimal("1")  # recent spend in a region that had none before
    # --- verdict -----------------------------------------------------------------------------------
    strong_for_compromise: int = 2  # different strong signals that make a compromise likely
    supporting_for_inconclusive: int = 2  # different supporting signals that call for an audit
    # --- read budget (keeps a 999-instance account affordable) -------------------------------------
    trail_max_pages: int = 40  # lookup_events pages (50 events each) per event name and region
    protection_lookups_per_region: int = 100  # describe_instance_attribute calls, newest first
    access_key_lookups: int = 100  # list_access_keys calls (users of interest first)
    guardduty_max_findings: int = 200  # per region, most severe first
    credential_report_attempts: int = 10  # generate_credential_report polls …
    credential_report_wait: float = 2.0  # … at most this many seconds apart (≈ 14 s in all)
    # --- what counts as a large GPU (guardrail SCP) -----------------------------------------------
    large_gpu_types: tuple[str, ...] = field(
        default=(
            "p2.*", "p3.*", "p3dn.*", "p4d.*", "p4de.*", "p5.*", "p5e.*", "p5en.*", "p6-*",
            "g4dn.12xlarge", "g4dn.16xlarge", "g4dn.metal", "g5.12xlarge", "g5.16xlarge",
            "g5.24xlarge", "g5.48xlarge", "g6.12xlarge", "g6.16xlarge", "g6.24xlarge",
            "g6.48xlarge", "g6e.*", "trn1.*", "trn1n.*", "trn2.*", "dl1.*", "dl2q.*", "inf2.48xlarge",
        )
    )  # fmt: skip


RULES = AuditRules()
