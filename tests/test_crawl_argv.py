"""A source URL's `user:pass@` and `?token=` never reach the crawl process's command line, which every local
user can read (`ps`, /proc/<pid>/cmdline): a real crawl of a loopback feed is caught mid-request and the command
lines of this process's children are read; the feed still gets its basic auth and its items are stored.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import feedparser
import pytest
from sqlmodel import select

from models import Document, session_scope
from pipeline.crawl import PROJECT_ROOT, crawl_command
from pipeline.ingest import crawl_one
from pipeline.sources import SourceSpec
from tests.spiders.cases import RSS
from tests.support.httpserver import Route
from tests.support.recorded import recorded

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc/<pid>/cmdline"),
]
FEED = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()
PASSWORD, TOKEN = "s3cretpw", "t0ps3cret"


def child_command_lines() -> list[str]:
    """The command lines of this process's children, as any local user can read them."""
    lines = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rpartition(")")[2].split()[1])
            if parent == os.getpid():
                lines.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, ValueError, IndexError):  # the process ended while we looked
            continue
    return lines


def test_the_crawl_process_command_line_holds_no_url_secret(sqlite_settings, loopback):
    settings = sqlite_settings.model_copy(update={"allow_private_sources": True, "crawl_fast": True})
    # The delay holds the crawl process mid-request while its command line is read.
    feed = loopback.routes["/feed.xml"] = Route(body=FEED, content_type=RSS, delay=2)
    spec = SourceSpec(
        "private", "Private", "feed", f"http://reader:{PASSWORD}@127.0.0.1:{loopback.port}/feed.xml?token={TOKEN}"
    )
    reports = []
    crawl = threading.Thread(target=lambda: reports.append(crawl_one(spec, settings, "argv-run")), daemon=True)
    crawl.start()
    deadline = time.monotonic() + 60
    while not feed.hits and time.monotonic() < deadline:
        time.sleep(0.05)
    seen = child_command_lines()
    crawl.join(60)

    assert any("spiders.run" in line for line in seen), seen
    assert [line for line in seen if PASSWORD in line or TOKEN in line] == []
    assert PASSWORD not in " ".join(crawl_command(spec, Path("items.jsonl")))
    assert feed.hits[0]["Authorization"] == "Basic " + base64.b64encode(f"reader:{PASSWORD}".encode()).decode()
    [report] = reports
    with session_scope(settings.db_url) as session:
        stored = session.exec(select(Document.canonical_url)).all()
    assert report.status == "ok" and len(stored) == report.new == len(feedparser.parse(FEED).entries) > 0


def test_a_crawl_started_by_hand_takes_its_url_from_the_command_line(loopback, tmp_path):
    loopback.routes["/feed.xml"] = Route(body=FEED, content_type=RSS)
    items = tmp_path / "items.jsonl"
    env = {k: v for k, v in os.environ.items() if k != "SIGNALDESK_SOURCE_URL"}
    env.update(
        SIGNALDESK_CRAWL_FAST="1",
        SIGNALDESK_ALLOW_PRIVATE_SOURCES="true",
        SIGNALDESK_CRAWL_STATUS=str(tmp_path / "status.json"),
        SCRAPY_SETTINGS_MODULE="spiders.settings",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "spiders.run",
            "feed",
            "--output",
            str(items),
            "-a",
            "source_key=hand",
            "-a",
            f"url={loopback.url('/feed.xml')}",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(items.read_text().splitlines()) == len(feedparser.parse(FEED).entries) > 0
