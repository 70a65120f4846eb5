"""Answer AWS operations that moto lacks, behind the same boto3 client the bot uses.

Used by the demo (and available to tests): a handler per (service, operation) receives the call's
parameters and returns a response dict, which is checked against the real service model exactly
as `botocore.stub.Stubber` checks stubbed responses. Operations without a handler fall through to
moto (or the real endpoint), so one client mixes fakes and moto freely.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.client import BaseClient
from botocore.validate import ParamValidator

Handler = Callable[[dict[str, Any], str], dict[str, Any]]


class FakeError(Exception):
    """Raise from a handler to answer with an AWS error code."""

    def __init__(self, code: str, message: str = "", status: int = 400) -> None:
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.status = status


class FakeAws:
    def __init__(self) -> None:
        self._handlers: dict[tuple[str, str], Handler] = {}
        self.calls: list[tuple[str, str, str, dict[str, Any]]] = []

    def on(self, service: str, operation: str) -> Callable[[Handler], Handler]:
        """Register `handler(params, region) -> response` for a boto3 service name and operation."""

        def register(handler: Handler) -> Handler:
            self._handlers[(service, operation)] = handler
            return handler

        return register

    def handles(self, service: str, operation: str) -> bool:
        return (service, operation) in self._handlers

    def attach(self, client: BaseClient, service: str, region: str) -> None:
        """Client hook for `AwsAccess`: answer this client's faked operations."""
        service_id = client.meta.service_model.service_id.hyphenize()
        for (svc, operation), handler in self._handlers.items():
            if svc != service:
                continue
            client.meta.events.register_first(
                f"before-parameter-build.{service_id}.{operation}", _keep_params
            )
            client.meta.events.register_first(
                f"before-call.{service_id}.{operation}",
                _responder(self, service, operation, region, handler),
            )


def _keep_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    context["fake_params"] = dict(params)


def _responder(fake: FakeAws, service: str, operation: str, region: str, handler: Handler) -> Callable:
    def respond(model: Any, context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        params = context.get("fake_params", {})
        fake.calls.append((service, operation, region, params))
        try:
            body = handler(params, region)
        except FakeError as err:
            parsed = {
                "Error": {"Code": err.code, "Message": err.message},
                "ResponseMetadata": {"HTTPStatusCode": err.status},
            }
            return AWSResponse("https://fake.invalid", err.status, {}, None), parsed
        if model.output_shape is not None:
            report = ParamValidator().validate(body, model.output_shape)
            if report.has_errors():
                raise AssertionError(
                    f"fake {service}.{operation} answered off-model: {report.generate_report()}"
                )
        body = dict(body)
        body.setdefault("ResponseMetadata", {"HTTPStatusCode": 200, "RequestId": "fake"})
        return AWSResponse("https://fake.invalid", 200, {}, None), body

    return respond
