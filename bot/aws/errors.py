"""Turn any AWS failure into a short, actionable sentence and a kind renderers can group by."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)

log = logging.getLogger(__name__)


class ProblemKind(StrEnum):
    ACCESS_DENIED = "access denied"
    REGION_DISABLED = "region not enabled"
    THROTTLED = "throttled"
    NOT_SUBSCRIBED = "not enabled for this account"
    UNAVAILABLE = "service unreachable"
    ERROR = "error"


_CODES = {
    ProblemKind.ACCESS_DENIED: {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "AuthorizationError",
        "AuthorizationErrorException",
        "Forbidden",
        "403",
        "UnauthorizedException",
    },
    ProblemKind.REGION_DISABLED: {
        "OptInRequired",
        "AuthFailure",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "RegionDisabledException",
    },
    ProblemKind.THROTTLED: {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "LimitExceededException",
        "ProvisionedThroughputExceededException",
    },
    ProblemKind.NOT_SUBSCRIBED: {
        "SubscriptionRequiredException",
        "OptInRequiredException",
        "DataUnavailableException",
    },
}

_HINTS = {
    ProblemKind.ACCESS_DENIED: "the audit role lacks this permission (see infra/ for the role template)",
    ProblemKind.REGION_DISABLED: "the region is not enabled for this account",
    ProblemKind.THROTTLED: "AWS throttled every retry; try again in a few minutes",
    ProblemKind.NOT_SUBSCRIBED: "the feature is not enabled for this account",
    ProblemKind.UNAVAILABLE: "the service endpoint could not be reached",
    ProblemKind.ERROR: "unexpected error; it is in the bot's log",
}


@dataclass(frozen=True)
class AwsProblem:
    """Why one region or service could not be read."""

    kind: ProblemKind
    code: str
    message: str
    operation: str | None = None

    def describe(self) -> str:
        what = f"{self.operation}: " if self.operation else ""
        return f"{what}{self.kind.value} ({self.code}) — {_HINTS[self.kind]}"


def classify(exc: BaseException) -> AwsProblem:
    """Sort an exception into a problem kind; unknown exceptions are logged with their traceback."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode"))
        message = str(error.get("Message") or "")
        for kind, codes in _CODES.items():
            if code in codes:
                return AwsProblem(kind, code, message, exc.operation_name)
        return AwsProblem(ProblemKind.ERROR, code, message, exc.operation_name)
    if isinstance(exc, EndpointConnectionError | ConnectTimeoutError | ReadTimeoutError):
        return AwsProblem(ProblemKind.UNAVAILABLE, type(exc).__name__, str(exc))
    if isinstance(exc, NoCredentialsError):
        return AwsProblem(ProblemKind.ACCESS_DENIED, "NoCredentials", "the bot has no AWS credentials")
    if isinstance(exc, BotoCoreError):
        return AwsProblem(ProblemKind.ERROR, type(exc).__name__, str(exc))
    log.error("unexpected error while reading AWS", exc_info=exc)
    return AwsProblem(ProblemKind.ERROR, type(exc).__name__, str(exc)[:200])
