"""The migrated Prefect database template that new embedded Prefect homes start from."""

from __future__ import annotations

import os
import sqlite3

import pytest

from flows import prefect_template
from flows.prefect_template import build_template, seed_prefect_home


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


def test_the_embedded_environment_seeds_its_home_unless_a_database_is_configured(template, tmp_path, monkeypatch):
    from flows.environment import prepare_prefect_env

    monkeypatch.setattr(prefect_template, "template_path", lambda: template)
    # A private copy of the environment: what prepare_prefect_env sets must not reach the other tests.
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items()
                                        if k not in ("PREFECT_HOME", "PREFECT_API_URL",
                                                     "PREFECT_API_DATABASE_CONNECTION_URL")})
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
