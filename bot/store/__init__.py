"""The store: SQLAlchemy 2 on DATABASE_URL (SQLite by default, PostgreSQL in production).

Nothing important lives only in memory: requests, decisions, digest threads, caches and leases are
rows here, so a restart or a second replica sees the same state.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

MIGRATIONS = Path(__file__).with_name("migrations")


def normalize_url(url: str) -> str:
    """Heroku-style `postgres://` becomes SQLAlchemy's `postgresql+psycopg://`."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # In memory: one shared connection (StaticPool), so single-threaded use only (quick scripts).
        memory = parsed.database in (None, "", ":memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            poolclass=StaticPool if memory else None,
            **kwargs,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
            cursor = dbapi_conn.cursor()
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, **kwargs)


class Store:
    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(self.url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    def alembic_config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    def migrate(self, revision: str = "heads") -> None:
        """Bring the schema to the newest revision; upgrades keep every row."""
        with self.engine.begin() as connection:
            config = self.alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    def pending_migrations(self) -> list[str]:
        """Revisions not yet applied (empty when the schema is current)."""
        script = ScriptDirectory.from_config(self.alembic_config())
        with self.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
        heads = set(script.get_heads())
        if heads <= current:
            return []
        return sorted(heads - current)

    def dispose(self) -> None:
        self.engine.dispose()
