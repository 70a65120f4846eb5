import pytest

from bot.devtools.billing_stubs import StubbedSession


@pytest.fixture
def stubbed():
    return StubbedSession()
