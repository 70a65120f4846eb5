"""Every IAM action the compromise audit calls, for `python -m bot doctor` and the role template.

`infra/audit-role.yaml` grants each explicitly (a test keeps the two in step), so the audit keeps
working even if AWS trims SecurityAudit or ViewOnlyAccess.
"""

from __future__ import annotations

AUDIT_PERMISSIONS: tuple[str, ...] = (
    "sts:GetCallerIdentity",
    "iam:ListAccountAliases",
    "ec2:DescribeRegions",
    "ec2:DescribeInstances",
    "ec2:DescribeInstanceAttribute",
    "ecs:ListClusters",
    "ecs:DescribeClusters",
    "ecs:ListServices",
    "ecs:DescribeServices",
    "ecs:ListTasks",
    "ecs:DescribeTasks",
    "lambda:ListFunctions",
    "elasticmapreduce:ListClusters",
    "sagemaker:ListDomains",
    "sagemaker:ListUserProfiles",
    "sagemaker:ListApps",
    "sagemaker:ListNotebookInstances",
    "sagemaker:ListEndpoints",
    "cloudtrail:LookupEvents",
    "iam:GenerateCredentialReport",
    "iam:GetCredentialReport",
    "iam:GetAccountAuthorizationDetails",
    "iam:ListAccessKeys",
    "guardduty:ListDetectors",
    "guardduty:GetDetector",
    "guardduty:ListFindings",
    "guardduty:GetFindings",
    "s3:ListAllMyBuckets",
    "s3:GetAccountPublicAccessBlock",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetBucketPolicyStatus",
    "s3:GetBucketAcl",
    "s3:GetBucketTagging",
    "ce:GetCostAndUsage",
)
