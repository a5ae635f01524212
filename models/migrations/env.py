"""Alembic environment: runs against the URL that models.db.alembic_config sets."""

from alembic import context
from sqlalchemy import text
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from models.db import get_engine

# Any fixed 64-bit number names the lock; this one spells "sgnldesk" in ASCII.
MIGRATION_LOCK_KEY = 0x73676E6C6465736B
config = context.config
target_metadata = SQLModel.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Full-text search objects live outside the SQLModel metadata (migration 0002): autogenerate must
    not propose dropping them."""
    if type_ == "table" and name and name.startswith("document_fts"):
        return False
    return not (type_ == "column" and name == "search_vector")


def run_migrations_online() -> None:
    engine = get_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_object=include_object,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Two first runs on an empty database (two workers, say) would both create alembic_version
                # and the tables; the second waits here instead, then finds the schema at head. The lock is
                # released with the transaction, so a killed migrator frees it.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            context.run_migrations()


run_migrations_online()
