import pytest

from bot.devtools.audit_records import AuditBuilder


@pytest.fixture
def b():
    return AuditBuilder()


def ids(findings):
    return sorted(f.resource_id for f in findings)
