"""First use from several processes at once: two workers that start on an empty store both upgrade it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import pg_schema

ROOT = Path(__file__).resolve().parents[2]
RACERS = 4
# Every racer waits on the same barrier file so their upgrades start within milliseconds of each other.
RACE = """
import sys, time
from pathlib import Path
from models.db import upgrade
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
upgrade(sys.argv[1])
"""


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_store(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    request.getfixturevalue("pg_available")
    with pg_schema("m_") as url:
        yield url


@pytest.mark.slow
def test_concurrent_first_upgrades_all_succeed_and_reach_head(empty_store, tmp_path):
    from models.db import current_revision, get_engine, head_revision

    go = tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACE, empty_store, str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(RACERS)
    ]
    go.touch()
    results = [(p.wait(timeout=120), p.stderr.read()) for p in racers]
    failed = [err for code, err in results if code != 0]
    assert not failed, failed[0][-2000:]
    assert current_revision(empty_store) == head_revision()
    get_engine(empty_store).dispose()
