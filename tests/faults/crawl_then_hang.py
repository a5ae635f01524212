"""Test driver: `python -m tests.faults.crawl_then_hang URL RUN_ID` crawls one source exactly as
`pipeline.ingest.crawl_one` does (settings from SIGNALDESK_* variables), then prints "crawled" and hangs where
the store would begin, so a test can SIGKILL the parent between the crawl process's end and the store.
"""

from __future__ import annotations

import sys
import time

from pipeline import ingest
from pipeline.settings import Settings
from pipeline.sources import SourceSpec


def _hang_instead_of_storing(*args, **kwargs):
    print("crawled", flush=True)
    time.sleep(3600)


def main(url: str, run_id: str) -> None:
    ingest.ingest_outcome = _hang_instead_of_storing
    ingest.crawl_one(SourceSpec("feed", "Feed", "feed", url), Settings(), run_id)


if __name__ == "__main__":
    main(*sys.argv[1:])
