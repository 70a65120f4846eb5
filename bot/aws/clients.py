"""What every client of every role session shares: parsed models, client classes, a fast timestamp parser.

The bot makes one client per person, account, role, service and region: about 124 for one
person's audit of 17 regions. botocore builds each client from scratch — a `ServiceModel` (whose
shapes are resolved again on first use) and a client class with one method per operation (~700
for EC2) — which costs ~7 ms of CPU and ~0.5 MB per client. Twenty people auditing at once meant
about 1 GB and 20 s of CPU serialised by the GIL (`make bench` measures it). A model and a class
depend only on the service and its API version, so they are built once per process and shared by
every client made through `LOADER` (the loader of the bot's role sessions); botocore used
elsewhere in the process (tests, moto) is left exactly as it was.

Timestamps: botocore parses every ISO 8601 timestamp with dateutil, about a quarter of the CPU of
reading 999 instances; `datetime.fromisoformat` parses the same strings ten times faster, and
anything it cannot read still goes to botocore's parser.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any

import botocore.client
import botocore.loaders
import botocore.session
from botocore.utils import parse_timestamp as botocore_timestamp

from bot.times import as_utc

log = logging.getLogger(__name__)

# One loader for every role session: the service JSON is parsed once per process (~100 ms for EC2).
LOADER = botocore.loaders.create_loader()

_lock = threading.Lock()
_models: dict[tuple[str, str | None], Any] = {}
_classes: dict[tuple[str, str | None], type] = {}
_shared = False


def configure(core: botocore.session.Session) -> None:
    """Make a botocore session of the bot's: the shared loader, models and classes, fast timestamps."""
    core.register_component("data_loader", LOADER)
    core.get_component("response_parser_factory").set_parser_defaults(timestamp_parser=parse_timestamp)
    share_models_and_classes()


def parse_timestamp(value: Any) -> datetime:
    """ISO 8601 strings (what AWS sends) through the standard library; everything else as botocore does.

    A time with a zone comes back in UTC: botocore gives epoch numbers (CloudTrail's EventTime) in
    the machine's local zone, which `strftime` would print as local time. A time without a zone
    stays naive, as botocore returns it."""
    if isinstance(value, str):
        try:
            return _utc_if_aware(datetime.fromisoformat(value))
        except ValueError:
            pass
    return _utc_if_aware(botocore_timestamp(value))


def _utc_if_aware(value: datetime) -> datetime:
    return value if value.tzinfo is None else as_utc(value)


def share_models_and_classes() -> bool:
    """Build each (service, API version)'s model and client class once for clients made with LOADER.

    Returns False, changing nothing, if botocore no longer builds clients this way (then every
    client is built in full, as botocore does by default: slower, never wrong).
    """
    global _shared
    with _lock:
        if _shared:
            return True
        creator = botocore.client.ClientCreator
        load_model = getattr(creator, "_load_service_model", None)
        create_class = getattr(creator, "_create_client_class", None)
        if load_model is None or create_class is None:
            log.warning("botocore changed: clients are built without shared models and classes")
            return False

        def shared_model(self: Any, service_name: str, api_version: str | None = None) -> Any:
            if self._loader is not LOADER:
                return load_model(self, service_name, api_version)
            key = (service_name, api_version)
            model = _models.get(key)
            if model is None:
                model = _models.setdefault(key, load_model(self, service_name, api_version))
            return model

        def shared_class(self: Any, service_name: str, service_model: Any) -> type:
            if self._loader is not LOADER:
                return create_class(self, service_name, service_model)  # type: ignore[no-any-return]
            key = (service_name, service_model.api_version)
            cls = _classes.get(key)
            if cls is None:
                cls = _classes.setdefault(key, create_class(self, service_name, service_model))
            return cls

        creator._load_service_model = shared_model  # type: ignore[method-assign]
        creator._create_client_class = shared_class  # type: ignore[method-assign]
        _shared = True
        return True
