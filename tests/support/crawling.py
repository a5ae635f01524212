"""`signaldesk crawl` as a user runs it, for tests: a sources file of loopback feeds, then the real command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def feed_sources(tmp_path: Path, server, keys) -> Path:
    """A sources file with one feed per key, served by `server` at /<key>.xml."""
    path = tmp_path / "sources.toml"
    path.write_text(
        "".join(
            f'[[sources]]\nkey = "{key}"\nname = "{key}"\nkind = "feed"\nurl = "{server.url(f"/{key}.xml")}"\n\n'
            for key in keys
        )
    )
    return path


def run_crawl(tmp_path: Path, sources: Path | str) -> subprocess.CompletedProcess:
    """The crawl command in its own process, home under `tmp_path`, loopback allowed, without politeness delays."""
    env = {
        **os.environ,
        "SIGNALDESK_HOME": str(tmp_path / "home"),
        "SIGNALDESK_ALLOW_PRIVATE_SOURCES": "true",
        "SIGNALDESK_CRAWL_FAST": "1",
    }
    env.pop("SIGNALDESK_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "cli", "crawl", "--sources", str(sources)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
