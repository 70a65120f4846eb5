"""Inject latency and errors into AWS calls at the HTTP layer, so botocore's retries still apply.

A `before-send` hook answers in place of the network (ahead of moto), per client: a region can be
disabled, a service denied, 10% of calls throttled, or every call delayed by 50 ms.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.client import BaseClient


@dataclass
class Rule:
    code: str
    service: str | None = None
    region: str | None = None
    operation: str | None = None
    rate: float = 1.0
    status: int = 400


@dataclass
class AwsFaults:
    """Client hook for `AwsAccess`; also counts every call that reaches the wire."""

    latency: float = 0.0
    rules: list[Rule] = field(default_factory=list)
    seed: int = 7
    calls: Counter = field(default_factory=Counter)
    injected: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()

    def fail(self, code: str, **where: Any) -> AwsFaults:
        self.rules.append(Rule(code=code, **where))
        return self

    def attach(self, client: BaseClient, service: str, region: str) -> None:
        protocol = client.meta.service_model.protocol

        def before_send(request: Any, **_: Any) -> AWSResponse | None:
            operation = request.context.get("operation_name") or _operation(request)
            with self._lock:
                self.calls[(service, region, operation)] += 1
            if self.latency:
                time.sleep(self.latency)
            for rule in self.rules:
                if rule.service not in (None, service) or rule.region not in (None, region):
                    continue
                if rule.operation not in (None, operation):
                    continue
                with self._lock:
                    hit = self._random.random() < rule.rate
                    if hit:
                        self.injected[(service, region, rule.code)] += 1
                if hit:
                    return _error_response(protocol, rule.code, rule.status, request.url)
            return None

        client.meta.events.register_first("before-send", before_send)

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())


def _operation(request: Any) -> str:
    body = request.body
    if isinstance(body, bytes | str) and b"Action=" in (body if isinstance(body, bytes) else body.encode()):
        text = body.decode() if isinstance(body, bytes) else body
        for part in text.split("&"):
            if part.startswith("Action="):
                return part[7:]
    target = request.headers.get("X-Amz-Target", b"")
    target = target.decode() if isinstance(target, bytes) else target
    return target.rsplit(".", 1)[-1] if target else "?"


def _error_response(protocol: str, code: str, status: int, url: str) -> AWSResponse:
    message = f"injected {code}"
    headers: dict[str, str] = {}
    if protocol == "ec2":
        body = (
            f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
            "<RequestID>fault</RequestID></Response>"
        ).encode()
    elif protocol == "query":
        body = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message>"
            "</Error><RequestId>fault</RequestId></ErrorResponse>"
        ).encode()
    elif protocol == "rest-xml":
        body = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()
    elif protocol == "smithy-rpc-v2-cbor":
        from botocore.serialize import RpcV2CBORSerializer

        buffer = bytearray()
        RpcV2CBORSerializer()._serialize_data_item(buffer, {"__type": code, "message": message})
        body = bytes(buffer)
        headers = {"smithy-protocol": "rpc-v2-cbor", "Content-Type": "application/cbor"}
    else:  # json, rest-json
        body = json.dumps({"__type": code, "message": message}).encode()
        headers = {"x-amzn-errortype": code, "Content-Type": "application/x-amz-json-1.1"}
    return AWSResponse(url, status, headers, _Raw(body))


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body

    def read(self, *_: Any) -> bytes:
        return self._body
