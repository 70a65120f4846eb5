"""The incident checklist: the mission's plan, kept in front of the team while an account is in doubt.

`/aws-audit` opens it in its thread when the verdict is anything but "likely legitimate" (or when
asked with `incident`). Items and their rules are in `items.py`; what the bot verifies by itself in
`verify.py`; the stored state in `checklist.py`; the Slack side (post, update, re-verify when the
evidence changes) in `live.py`; the digest's reminder in `reminder.py`.
"""
