"""Scaling out on loopback: a Prefect server on PostgreSQL, two process workers, two ad-hoc runs at once.

Both runs complete, the documents are stored once, and there is one briefing for the date. Needs the
PostgreSQL server (skipped with the reason on a laptop without one; required in CI).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlmodel import func, select

from models import Briefing, Document, session_scope
from tests.conftest import PG_URL, pg_schema
from tests.flows.conftest import write_sources

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]
SIGNALDESK = [sys.executable, "-m", "cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(api: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"prefect server exited with {proc.returncode}")
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise AssertionError("prefect server did not become healthy")


@pytest.fixture
def postgres_stack(pg_available, tmp_path):
    """A Prefect database and a Signaldesk schema on the PostgreSQL server, dropped afterwards."""
    import psycopg

    admin = PG_URL.replace("+psycopg", "")
    name = "prefect_" + uuid.uuid4().hex[:10]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base = PG_URL.rsplit("/", 1)[0].replace("+psycopg", "+asyncpg")
    try:
        with pg_schema("so_") as store_url:
            yield f"{base}/{name}", store_url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start(cmd, env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        cmd, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_state(api: str, run_id: str) -> str:
    return httpx.get(f"{api}/flow_runs/{run_id}", timeout=10).json()["state"]["type"]


def test_two_workers_two_adhoc_runs_one_briefing(postgres_stack, feed_server, tmp_path):
    prefect_db, store_url = postgres_stack
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": api,
        "PREFECT_API_DATABASE_CONNECTION_URL": prefect_db,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_WORKER_PREFETCH_SECONDS": "5",
        "SIGNALDESK_HOME": str(tmp_path / "home"),
        "SIGNALDESK_DATABASE_URL": store_url,
        "SIGNALDESK_ALLOW_PRIVATE_SOURCES": "true",
        "SIGNALDESK_CRAWL_FAST": "1",
    }
    env.pop("SIGNALDESK_SMTP_URL", None)
    sources = write_sources(tmp_path / "s.toml", feed_server, ["bleepingcomputer", "securityweek"])
    procs = [
        start(
            [
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-services",
            ],
            env,
            tmp_path / "server.log",
        )
    ]
    try:
        wait_healthy(api, procs[0])
        deploy = subprocess.run(
            [*SIGNALDESK, "deploy", "--pool", "sd-test"], env=env, capture_output=True, text=True, timeout=180, cwd=ROOT
        )
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        for n in range(2):
            procs.append(start([*SIGNALDESK, "worker", "--pool", "sd-test"], env, tmp_path / f"worker{n}.log"))
        run_ids = []
        for _ in range(2):
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "prefect",
                    "deployment",
                    "run",
                    "daily-briefing/adhoc",
                    "-p",
                    "date=2025-07-24",
                    "-p",
                    f"sources={sources}",
                    "-p",
                    "email=false",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                cwd=ROOT,
            )
            assert out.returncode == 0, out.stdout + out.stderr
            run_ids.append(re.search(r"UUID:\s*([0-9a-f-]{36})", out.stdout).group(1))
        deadline = time.monotonic() + 420
        states = {}
        while time.monotonic() < deadline:
            states = {r: run_state(api, r) for r in run_ids}
            if all(s in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") for s in states.values()):
                break
            time.sleep(3)
        logs = "".join((tmp_path / f"worker{n}.log").read_text(errors="replace")[-3000:] for n in range(2))
        assert list(states.values()) == ["COMPLETED", "COMPLETED"], f"{states}\n{logs}"
    finally:
        for proc in reversed(procs):
            stop(proc)
    with session_scope(store_url) as session:
        urls = session.exec(select(Document.canonical_url)).all()
        briefings = session.exec(select(func.count()).select_from(Briefing)).one()
    assert urls and len(urls) == len(set(urls))
    assert briefings == 1
