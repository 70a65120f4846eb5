"""Alembic environment: run programmatically by Store.migrate (or `alembic` with -x url=...)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from bot.store import make_engine
from bot.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = make_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: object) -> None:
    if connection.dialect.name == "postgresql":  # type: ignore[attr-defined]
        # Two replicas starting together must not migrate at the same time.
        connection.execute(text("SELECT pg_advisory_xact_lock(727274)"))  # type: ignore[attr-defined]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # type: ignore[attr-defined]
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
