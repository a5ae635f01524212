"""`signaldesk sources check` is bounded as a crawl is: a body over the crawl's size limit (announced or only
found by reading) and a source dripping one byte a second each fail that source, quickly, without the body
held in memory, and the same check of a well-behaved source still passes.
"""

from __future__ import annotations

import threading
import time
import tracemalloc

import pytest

from core.fetch_limits import MAX_BODY_BYTES, MIB
from pipeline.health import Health, check_source
from pipeline.sources import SourceSpec
from tests.faults.servers import FaultServer
from tests.spiders.cases import RSS
from tests.support.httpserver import Route
from tests.support.recorded import recorded

FEED = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()


def check_within(seconds: float, url: str, timeout: float) -> Health:
    """check_source in a thread given `seconds` to answer, so a check that never ends fails the test."""
    answer: list[Health] = []
    spec = SourceSpec("src", "Source", "feed", url)
    worker = threading.Thread(
        target=lambda: answer.append(check_source(spec, allow_private=True, timeout=timeout)), daemon=True
    )
    worker.start()
    worker.join(seconds)
    assert answer, f"the check of {url} had not returned after {seconds}s"
    return answer[0]


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_a_body_over_the_limit_fails_that_source_without_being_held(path):
    with FaultServer() as faults:
        tracemalloc.start()
        try:
            health = check_within(30, faults.url(path), timeout=30)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert not health.ok and health.items == 0
    assert health.detail == f"{faults.url(path)}: larger than the {MAX_BODY_BYTES // MIB} MiB limit"
    assert peak < MAX_BODY_BYTES + 8 * MIB, f"{peak:,} bytes held at the peak"
    assert faults.sent.get(path, 0) < faults.huge_bytes // 2, "the check stopped reading long before the end"


def test_a_source_dripping_a_byte_a_second_fails_at_the_total_timeout(loopback):
    loopback.routes["/drip.xml"] = Route(body=FEED, content_type=RSS, drip=1.0)
    started = time.monotonic()
    health = check_within(20, loopback.url("/drip.xml"), timeout=2)
    assert not health.ok and health.detail == "timed out after 2s"
    assert time.monotonic() - started < 4


def test_a_source_within_the_limits_is_healthy(loopback):
    loopback.routes["/feed.xml"] = Route(body=FEED, content_type=RSS)
    health = check_within(20, loopback.url("/feed.xml"), timeout=5)
    assert health.ok and health.status == 200 and health.detail == f"{len(FEED):,} bytes"
