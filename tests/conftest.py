"""Shared fixtures: settings on a temporary home, and the store on SQLite and PostgreSQL.

PostgreSQL tests run against the server on 127.0.0.1:5432 (database `test`); each test gets its own
schema. Without a server they are skipped with the reason, unless SIGNALDESK_REQUIRE_POSTGRES=1 (CI sets
it), where an unreachable server fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

PG_URL = os.environ.get("SIGNALDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_reachable() -> str | None:
    import psycopg

    try:
        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except Exception as exc:  # any failure to connect is a reason to skip, reported verbatim
        return str(exc).strip().splitlines()[0]


@pytest.fixture(scope="session")
def pg_available() -> bool:
    reason = _pg_reachable()
    if reason is None:
        return True
    if os.environ.get("SIGNALDESK_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL required (SIGNALDESK_REQUIRE_POSTGRES=1) but unreachable at {PG_URL}: {reason}")
    pytest.skip(f"no PostgreSQL server at {PG_URL}: {reason}")


def _pg_schema_url(schema: str) -> str:
    return f"{PG_URL}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """A fresh, migrated store on SQLite or on PostgreSQL (its own schema, dropped afterwards)."""
    from models.db import get_engine, upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'signaldesk.db'}"
        upgrade(url)
        yield url
        get_engine(url).dispose()
        return
    request.getfixturevalue("pg_available")
    with pg_schema("t_") as url:
        try:
            upgrade(url)
            yield url
        finally:
            get_engine(url).dispose()


@contextmanager
def pg_schema(prefix: str) -> Iterator[str]:
    """The URL of a new, empty schema on the test server, dropped with everything in it afterwards."""
    import psycopg

    schema = prefix + uuid.uuid4().hex[:12]
    admin = PG_URL.replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _pg_schema_url(schema)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def settings(tmp_path, db_url):
    """Settings on a temporary home and the parametrised store."""
    from pipeline.settings import Settings

    s = Settings(home=tmp_path / "home", database_url=db_url)
    s.ensure_dirs()
    return s


@pytest.fixture
def sqlite_settings(tmp_path):
    """Settings on a temporary home with the default SQLite file, schema at head."""
    from models.db import ensure_schema
    from pipeline.settings import Settings

    s = Settings(home=tmp_path / "home")
    s.ensure_dirs()
    ensure_schema(s.db_url)
    return s


@pytest.fixture
def loopback():
    """A real HTTP server on 127.0.0.1; add routes to `.routes` (see tests/support/httpserver.py)."""
    from tests.support.httpserver import LoopbackServer

    with LoopbackServer() as server:
        yield server
