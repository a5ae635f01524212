"""The migrated Prefect database template that new embedded Prefect homes start from."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing

import pytest

from flows import prefect_template
from flows.prefect_template import build_template, seed_prefect_home

# Building a migrated Prefect database, or letting Prefect migrate one, takes tens of seconds.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("template") / "prefect.db")


def test_the_template_is_one_migrated_file_with_prefects_tables(template):
    assert not template.with_name(template.name + "-wal").exists()
    with sqlite3.connect(template) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")}
        revision = connection.execute("select version_num from alembic_version").fetchall()
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        block_types = connection.execute("select count(*) from block_type").fetchone()[0]
    assert {"flow_run", "task_run", "deployment", "work_pool"} <= tables
    assert len(revision) == 1 and revision[0][0]
    assert block_types > 5  # registered as a first server start would


def test_a_new_home_gets_a_copy_and_an_existing_database_is_never_replaced(template, tmp_path):
    home = tmp_path / "prefect"
    home.mkdir()
    assert seed_prefect_home(home, template)
    assert (home / "prefect.db").read_bytes() == template.read_bytes()
    (home / "prefect.db").write_bytes(b"a database with runs in it")
    assert not seed_prefect_home(home, template)
    assert (home / "prefect.db").read_bytes() == b"a database with runs in it"
    assert [p.name for p in home.iterdir()] == ["prefect.db"]  # no partial copy left behind


def test_without_a_template_prefect_creates_its_database_itself(tmp_path):
    assert not seed_prefect_home(tmp_path, tmp_path / "missing.db")
    assert not (tmp_path / "prefect.db").exists()


def _copy_at_revision(template, path, revision):
    path.write_bytes(template.read_bytes())
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    return path


def test_a_template_prefect_could_not_start_from_is_not_copied(template, tmp_path):
    """The plain path, Prefect migrating its own database, wherever the template does not match this Prefect."""
    (tmp_path / "not-sqlite.db").write_bytes(b"not a database at all")
    (tmp_path / "no-revision.db").write_bytes(b"")
    mismatched = [
        tmp_path / "not-sqlite.db",
        tmp_path / "no-revision.db",
        _copy_at_revision(template, tmp_path / "other-release.db", "0123456789ab"),
    ]
    for candidate in mismatched:
        home = tmp_path / f"home-{candidate.stem}"
        home.mkdir()
        assert not seed_prefect_home(home, candidate), candidate.name
        assert list(home.iterdir()) == []


def test_a_template_behind_this_prefect_is_copied_for_prefect_to_migrate_on(template, tmp_path):
    revisions = prefect_template.prefect_revisions()
    with closing(sqlite3.connect(template)) as connection:
        (head,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert head in revisions and len(revisions) > 100
    older = _copy_at_revision(template, tmp_path / "older.db", min(revisions - {head}))
    home = tmp_path / "home"
    home.mkdir()
    assert seed_prefect_home(home, older)


def test_the_embedded_environment_seeds_its_home_unless_a_database_is_configured(template, tmp_path, monkeypatch):
    from flows.environment import prepare_prefect_env

    monkeypatch.setattr(prefect_template, "template_path", lambda: template)
    # A private copy of the environment: what prepare_prefect_env sets must not reach the other tests.
    monkeypatch.setattr(
        os,
        "environ",
        {
            k: v
            for k, v in os.environ.items()
            if k not in ("PREFECT_HOME", "PREFECT_API_URL", "PREFECT_API_DATABASE_CONNECTION_URL")
        },
    )
    assert prepare_prefect_env(tmp_path / "a")
    assert (tmp_path / "a" / "prefect" / "prefect.db").is_file()
    assert os.environ["PREFECT_API_BLOCKS_REGISTER_ON_START"] == "false"

    del os.environ["PREFECT_HOME"]
    os.environ["PREFECT_API_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{tmp_path}/own.db"
    del os.environ["PREFECT_API_BLOCKS_REGISTER_ON_START"]
    prepare_prefect_env(tmp_path / "b")
    assert not (tmp_path / "b" / "prefect" / "prefect.db").exists()
    assert "PREFECT_API_BLOCKS_REGISTER_ON_START" not in os.environ
    assert os.environ["PREFECT_HOME"] == str((tmp_path / "b" / "prefect").resolve())
