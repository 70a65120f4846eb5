"""Give moto resources a past: launch times, creation dates (moto stamps everything "now").

The demo's story needs months-old instances and users beside a takeover of the last three days;
moto has no API for that, so these helpers set the dates on moto's own records. If a moto release
renames them, the demo still runs, with everything dated today (a warning is logged).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

log = logging.getLogger(__name__)


def _naive(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(tzinfo=None)


def set_launch_time(account_id: str, region: str, instance_ids: list[str], when: datetime) -> None:
    try:
        from moto.ec2.models import ec2_backends

        backend = ec2_backends[account_id][region]
        for instance_id in instance_ids:
            backend.get_instance_by_id(instance_id).launch_time = _naive(when)
    except Exception as exc:  # moto internals: best effort
        log.warning("could not backdate instances in moto: %s", exc)


def set_user_created(account_id: str, user_name: str, when: datetime, *, keys: bool = True) -> None:
    try:
        from moto.iam.models import iam_backends

        user = iam_backends[account_id]["global"].get_user(user_name)
        user.create_date = _naive(when)
        if keys:
            for key in user.access_keys:
                key.create_date = _naive(when)
    except Exception as exc:
        log.warning("could not backdate IAM user in moto: %s", exc)


def set_key_used(
    account_id: str, user_name: str, when: datetime, *, service: str = "s3", region: str = "us-east-1"
) -> None:
    try:
        from moto.iam.models import AccessKeyLastUsed, iam_backends

        for key in iam_backends[account_id]["global"].get_user(user_name).access_keys:
            key.last_used = AccessKeyLastUsed(timestamp=_naive(when), service=service, region=region)
    except Exception as exc:
        log.warning("could not set key use in moto: %s", exc)


def set_bucket_created(account_id: str, bucket: str, when: datetime) -> None:
    try:
        from moto.s3.models import s3_backends

        s3_backends[account_id]["aws"].buckets[bucket].creation_date = when.astimezone(UTC)
    except Exception as exc:
        log.warning("could not backdate bucket in moto: %s", exc)
