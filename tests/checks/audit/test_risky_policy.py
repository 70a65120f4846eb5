import json

from bot.checks.audit.risky_policy import risky_policy, summary


def test_admin_and_ses_attachments_are_called_out(b):
    b.trail.attach_user_policy("user-x1", "arn:aws:iam::aws:policy/AdministratorAccess", time=b.ago(1))
    b.trail.attach_user_policy("mailer", "arn:aws:iam::aws:policy/AmazonSESFullAccess", time=b.ago(1))
    b.trail.attach_user_policy("dev", "arn:aws:iam::aws:policy/ReadOnlyAccess", time=b.ago(1))
    found = risky_policy(b.build())
    assert {(f.resource_id, f.evidence["risk"]) for f in found} == {("user-x1", "admin"), ("mailer", "ses")}
    text = summary(found)
    assert "AdministratorAccess" in text and "SES sending" in text


def test_inline_policy_documents_are_read(b):
    doc = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:*", "Resource": "*"}]}
    )
    b.trail.iam_event(
        "PutUserPolicy", time=b.ago(1), request={"userName": "u", "policyName": "mail", "policyDocument": doc}
    )
    [f] = risky_policy(b.build())
    assert f.resource_id == "u" and f.evidence["risk"] == "ses" and f.evidence["policy"] == "mail"


def test_failed_and_old_attachments_are_ignored(b):
    b.trail.attach_user_policy(
        "u", "arn:aws:iam::aws:policy/AdministratorAccess", time=b.ago(1), error_code="AccessDenied"
    )
    b.trail.attach_user_policy("v", "arn:aws:iam::aws:policy/AdministratorAccess", time=b.ago(60))
    assert risky_policy(b.build()) == []
