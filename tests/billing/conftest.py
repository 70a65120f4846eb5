import pytest

from tests.billing.stubs import StubbedSession


@pytest.fixture
def stubbed():
    return StubbedSession()
