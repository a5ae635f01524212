"""Engine and session factory, and schema upgrades through Alembic.

Imports nothing else from the project: callers pass the database URL from their settings.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).parent / "migrations"
BACKENDS = ("sqlite", "postgresql")
_EXAMPLE = "e.g. postgresql+psycopg://user@host:5432/db or sqlite:///path/to/file.db"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web app read while a crawl writes; busy_timeout waits out a short lock instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory database."""
    path = url.split("///", 1)[-1]
    return Path(path) if path and path != ":memory:" and path != url else None


def check_database_url(url: str) -> str:
    """`url` if it names a database we can drive; else ValueError. The message never quotes the URL, whose
    password it would show."""
    try:
        parsed = make_url(url)
        port = parsed.port
    except (ArgumentError, ValueError):  # unparsable, or a port that is not a number
        raise ValueError(f"not a database URL ({_EXAMPLE})") from None
    backend = parsed.get_backend_name()
    if backend not in BACKENDS:
        raise ValueError(f"unsupported database {backend!r} (expected {' or '.join(BACKENDS)}; {_EXAMPLE})")
    if port is not None and not 0 < port < 65536:
        raise ValueError(f"port {port} is out of range (1-65535)")
    driver = parsed.get_driver_name()
    try:
        dialect = parsed.get_dialect()
        dialect.import_dbapi()
    except (NoSuchModuleError, ImportError):
        raise ValueError(f"no installed driver {driver!r} for {backend}") from None
    if dialect.is_async:
        raise ValueError(f"driver {driver!r} is asynchronous; the store needs a synchronous one (e.g. psycopg)")
    return url


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    check_database_url(url)
    if url.startswith("sqlite"):
        path = _sqlite_file(url)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextmanager
def _sqlite_migration_lock(url: str) -> Iterator[None]:
    """Serialize migrations of one SQLite file across processes (PostgreSQL takes an advisory lock in
    migrations/env.py instead). The kernel drops the lock if the process dies."""
    path = _sqlite_file(url) if url.startswith("sqlite") else None
    if path is None:
        yield
        return
    lock = path.with_name(f"{path.name}.migrate.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema to `revision`; cheap when it is already there, safe when another process races."""
    from alembic import command

    with _sqlite_migration_lock(url):
        command.upgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def ensure_schema(url: str) -> None:
    """Upgrade on first use, so a newcomer never has to run `db upgrade` by hand."""
    if current_revision(url) != head_revision():
        upgrade(url)
