import json

from bot.checks.audit.admin_user import admin_user, summary


def test_users_holding_admin_iam_or_ses_policies(b):
    star = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    b.policies("ops", inline=[("ops", json.dumps(star))])
    b.policies("mailer", attached=["arn:aws:iam::aws:policy/AmazonSESFullAccess"])
    b.policies("reader", attached=["arn:aws:iam::aws:policy/ReadOnlyAccess"])
    found = {f.resource_id: f for f in admin_user(b.build())}
    assert set(found) == {"ops", "mailer"}
    assert found["mailer"].evidence["risks"] == ["ses"]
    assert "`ops`" in summary(list(found.values()))
