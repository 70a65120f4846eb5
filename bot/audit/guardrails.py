"""Guardrail advice: an SCP that fences the account in, and the next steps after a likely takeover.

The SCP follows AWS's published examples: deny every action outside the regions the account
actually uses (global services exempt), deny launching large GPU types the account never ran,
and deny the root user everything. It is advice, printed for a person to review and attach in
AWS Organizations; the bot never applies it.
"""

from __future__ import annotations

import fnmatch
import json
import re
from typing import Any

from bot.audit.footprint import legitimate_gpu_types, regions_with_history
from bot.audit.run import AuditReport
from bot.model import Verdict

SCP_MAX_CHARS = 5120  # AWS Organizations' limit for one policy
# Global services and the calls they make from us-east-1, exempt from the region deny (AWS's example).
GLOBAL_ACTIONS = [
    "a4b:*", "acm:*", "aws-marketplace-management:*", "aws-marketplace:*", "aws-portal:*", "budgets:*",
    "ce:*", "chime:*", "cloudfront:*", "config:*", "cur:*", "directconnect:*", "ec2:DescribeRegions",
    "ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways", "fms:*", "globalaccelerator:*", "health:*",
    "iam:*", "importexport:*", "kms:*", "mobileanalytics:*", "networkmanager:*", "organizations:*",
    "pricing:*", "route53:*", "route53domains:*", "s3:GetAccountPublic*", "s3:ListAllMyBuckets",
    "s3:PutAccountPublic*", "shield:*", "sts:*", "support:*", "trustedadvisor:*", "waf-regional:*",
    "waf:*", "wafv2:*", "wellarchitected:*",
]  # fmt: skip


def scp(report: AuditReport) -> tuple[dict[str, Any], list[str]]:
    """The policy, and one sentence per statement saying what it does for this account."""
    data = report.data
    used = sorted(regions_with_history(data))
    statements: list[dict[str, Any]] = []
    notes: list[str] = []
    if used:
        denied = [r for r in data.regions if r not in used]
        statements.append(
            {
                "Sid": "DenyUnusedRegions",
                "Effect": "Deny",
                "NotAction": GLOBAL_ACTIONS,
                "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:RequestedRegion": used}},
            }
        )
        notes.append(
            f"Allows only {', '.join(used)} (where the account has history); denies every other region"
            + (f", including {', '.join(denied)} of those audited" if denied else "")
            + ". Global services (IAM, billing, CloudFront, Route 53…) are exempt."
        )
    keep = legitimate_gpu_types(data)
    patterns = [p for p in data.rules.large_gpu_types if not any(fnmatch.fnmatch(t, p) for t in keep)]
    if patterns:
        statements.append(
            {
                "Sid": "DenyLargeGpuInstances",
                "Effect": "Deny",
                "Action": ["ec2:RunInstances", "ec2:StartInstances"],
                "Resource": "arn:aws:ec2:*:*:instance/*",
                "Condition": {"StringLike": {"ec2:InstanceType": patterns}},
            }
        )
        notes.append(
            "Denies large GPU instance types"
            + (f" (except {', '.join(sorted(keep))}, which the account already runs)" if keep else "")
            + "."
        )
    statements.append(
        {
            "Sid": "DenyRootUser",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}},
        }
    )
    notes.append("Denies the root user everything (break-glass through the management account).")
    return {"Version": "2012-10-17", "Statement": statements}, notes


def scp_json(policy: dict[str, Any]) -> str:
    """Indented, with lists of names on one line, to read in Slack (see `fits` for AWS's limit)."""
    return re.sub(r"\[\s*((?:\"[^\"]*\",?\s*)+)\]", _one_line, json.dumps(policy, indent=2))


def fits(policy: dict[str, Any]) -> bool:
    """AWS counts the policy without whitespace against its 5,120-character limit."""
    return len(json.dumps(policy, separators=(",", ":"))) <= SCP_MAX_CHARS


def _one_line(match: re.Match[str]) -> str:
    items = re.findall(r'"[^"]*"', match.group(1))
    return "[" + ", ".join(items) + "]"


def next_steps(report: AuditReport) -> list[str]:
    """The incident checklist when the verdict is not "legitimate"; names what the audit found."""
    if report.assessment.verdict is Verdict.LIKELY_LEGITIMATE:
        return []
    found = {f.check: f for f in report.findings}
    keys = sorted({f.resource_id for f in report.findings if f.action == "iam.deactivate_access_key"})
    instances = [f for f in report.findings if f.action == "ec2.terminate_instance"]
    regions = sorted({f.region for f in instances})
    steps = []
    steps.append(
        "Contain first: deactivate (do not delete — they are evidence) the suspicious access keys"
        + (f": {', '.join(f'`{k}`' for k in keys[:6])}" if keys else "")
        + ". The buttons in this thread file the requests."
    )
    if instances:
        steps.append(
            f"Terminate the {len({f.resource_id for f in instances})} instance(s) nobody owns in "
            f"{', '.join(regions)}; termination protection is cleared first."
        )
    if "audit.sagemaker_user_profile" in found or "audit.canvas_app" in found:
        steps.append(
            "Delete the unknown SageMaker user profiles and Canvas apps (apps first, then profiles)."
        )
    if "audit.s3_public_bucket" in found:
        steps.append("Block public access on the public buckets, then check what was read or written.")
    steps.append("Rotate every other access key and every console password; delete users nobody owns.")
    root = report.data.credentials.root if report.data.credentials else None
    if root is None or not root.mfa_active or root.active_keys:
        steps.append("Root: turn on MFA, delete root access keys, change the root password.")
    else:
        steps.append("Root: change the root password (MFA is on and it has no access keys).")
    steps += [
        "Open an AWS Support case (Account and billing → unauthorized activity) describing what was "
        "found: AWS reviews compromised accounts and can adjust charges from unauthorized use. "
        "https://console.aws.amazon.com/support/home#/case/create",
        "Keep the lights on: GuardDuty in every region, a multi-region CloudTrail trail, and the SCP "
        "above attached through AWS Organizations.",
        "Look for persistence: new IAM roles, Lambda functions, EventBridge rules, SES sending quota, "
        "and the regions this audit did not cover.",
    ]
    return steps
