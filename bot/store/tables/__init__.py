"""The store's tables, one module per area, all on one metadata migrated by Alembic.

Adding a table: declare it in `bot/store/tables/<area>.py`, import the module below (one line),
and add a revision under `bot/store/migrations/versions/`. A test compares this metadata with the
migrated schema, so the two cannot drift apart.
"""

from bot.store.tables.base import Base
from bot.store.tables.billing import InvoicePayment, PaymentUploadThread
from bot.store.tables.core import (
    ActionLog,
    ApiCallCount,
    CachedResponse,
    CleanupOffer,
    CleanupRequest,
    DigestThread,
    Lease,
    Run,
    SeenAnomaly,
)
from bot.store.tables.firsthour import HomeViewer, IncidentChecklist, IncidentItem
from bot.store.tables.scheduler import ScheduledJob
from bot.store.tables.watch import WatchAlert, WatchEvent, WatchHistory, WatchStream

__all__ = [
    "ActionLog",
    "ApiCallCount",
    "Base",
    "CachedResponse",
    "CleanupOffer",
    "CleanupRequest",
    "DigestThread",
    "HomeViewer",
    "IncidentChecklist",
    "IncidentItem",
    "InvoicePayment",
    "Lease",
    "PaymentUploadThread",
    "Run",
    "ScheduledJob",
    "SeenAnomaly",
    "WatchAlert",
    "WatchEvent",
    "WatchHistory",
    "WatchStream",
]
