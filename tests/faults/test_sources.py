"""Fault 1: sources that misbehave, crawled with good ones through `crawl_and_ingest` into a real SQLite store.

One run per module (a crawl process per source, fast-mode timeouts: 3 s per download, one retry); each test
then checks one promise: good items stored once, each bad source a failed CrawlRun saying why, the briefing's
coverage naming them, and the 100 MB body cut by DOWNLOAD_MAXSIZE long before its end.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from core.canonical import canonical_url
from models import CrawlRun, Document, session_scope
from models.db import ensure_schema
from pipeline.ingest import crawl_and_ingest
from pipeline.settings import Settings
from pipeline.sources import SourceSpec
from spiders import settings as crawl_settings
from tests.faults.servers import MB, FaultServer
from tests.spiders.cases import FIXTURES, HTML, RSS
from tests.support.httpserver import LoopbackServer, Route
from tests.support.recorded import recorded

pytestmark = pytest.mark.slow
DAY = date(2025, 7, 24)
RUN_ID = "faults-sources"
GOOD = {"bleepingcomputer": "bleepingcomputer-feed-2025-07-24.xml", "securityweek": "securityweek-feed-2025-07-24.xml"}
TECHMEME = recorded("techmeme-homepage-2018-03-21.html").read_bytes()
# The same page after a redesign: the cluster markup (DIV.itc1 > DIV.itc2) renamed, the words all there.
REDESIGNED = TECHMEME.replace(b"itc1", b"story-card").replace(b"itc2", b"story-body")

# key -> (what the CrawlRun's messages must say, kind)
BAD = {
    "server-error": ("HTTP 500 Internal Server Error (after 1 retry)", "feed"),
    "reset": ("connection reset or closed by the server", "feed"),
    "drip": ("timed out after 3s", "feed"),
    "huge": (f"larger than the {crawl_settings.DOWNLOAD_MAXSIZE}-byte limit", "feed"),
    "huge-declared": (f"larger than the {crawl_settings.DOWNLOAD_MAXSIZE}-byte limit", "feed"),
    "forever": ("redirect loop: more than 5 redirects", "feed"),
    "redesigned": ("no Techmeme items", "techmeme"),
}


def _specs(web: LoopbackServer, faults: FaultServer) -> list[SourceSpec]:
    for key, name in GOOD.items():
        web.routes[f"/{key}.xml"] = Route(body=recorded(name).read_bytes(), content_type=RSS)
    web.routes["/error.xml"] = Route(status=500, body=b"oops", content_type="text/plain")
    web.routes["/reset.xml"] = Route(reset=True)
    # A valid feed, one byte a second: it would take a day; the download timeout ends it in seconds.
    web.routes["/drip.xml"] = Route(body=recorded(GOOD["securityweek"]).read_bytes(), content_type=RSS, drip=1.0)
    web.routes["/techmeme"] = Route(body=TECHMEME, content_type=HTML)
    web.routes["/redesigned"] = Route(body=REDESIGNED, content_type=HTML)
    urls = {
        "server-error": web.url("/error.xml"),
        "reset": web.url("/reset.xml"),
        "drip": web.url("/drip.xml"),
        "huge": faults.url("/huge"),
        "huge-declared": faults.url("/huge-declared"),
        "forever": faults.url("/forever/0"),
        "redesigned": web.url("/redesigned"),
    }
    good = [SourceSpec(key, key, "feed", web.url(f"/{key}.xml")) for key in GOOD]
    good.append(SourceSpec("techmeme", "Techmeme", "techmeme", web.url("/techmeme")))
    return good + [SourceSpec(key, key, BAD[key][1], url) for key, url in urls.items()]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    home = tmp_path_factory.mktemp("faults") / "home"
    # crawl_fast: 3 s timeouts and 1 retry in the crawl processes.
    settings = Settings(home=home, allow_private_sources=True, crawl_fast=True)
    settings.ensure_dirs()
    ensure_schema(settings.db_url)
    with LoopbackServer() as web, FaultServer() as faults:
        specs = _specs(web, faults)
        reports = crawl_and_ingest(specs, settings, RUN_ID, concurrency=4)
        drip_hits = len(web.routes["/drip.xml"].hits)
    return settings, {r.source_key: r for r in reports}, faults, (drip_hits, web.base)


def _expected_urls(slug: str, base: str) -> set[str]:
    items = json.loads((FIXTURES / f"{slug}.expected.json").read_text())
    return {canonical_url(i["url"].replace("{server}", base)) for i in items}


def test_good_sources_are_stored_whole_and_nothing_else(run):
    settings, reports, _faults, _ = run
    with session_scope(settings.db_url) as session:
        docs = session.exec(select(Document)).all()
    urls = [d.canonical_url for d in docs]
    assert len(urls) == len(set(urls)), "no article stored twice"
    base = run[3][1]
    expected = set().union(*(_expected_urls(slug, base) for slug in [*GOOD, "techmeme-homepage"]))
    assert set(urls) == expected
    assert {d.source_key for d in docs} <= {*GOOD, "techmeme"}
    assert [reports[k].status for k in [*GOOD, "techmeme"]] == ["ok", "ok", "ok"]


@pytest.mark.parametrize("key", list(BAD))
def test_each_bad_source_is_a_failed_run_that_says_why(run, key):
    settings, reports, _faults, _ = run
    with session_scope(settings.db_url) as session:
        [row] = session.exec(select(CrawlRun).where(CrawlRun.run_id == RUN_ID, CrawlRun.source_key == key)).all()
    assert row.status == "failed" and row.new == 0 and row.errors >= 1
    assert any(BAD[key][0] in message for message in row.messages), row.messages
    assert reports[key].failed


def test_the_briefing_coverage_names_every_failed_source(run):
    from pipeline.briefing import build_briefing

    settings, _reports, _faults, _ = run
    with session_scope(settings.db_url) as session:
        coverage = build_briefing(session, settings, DAY, run_id=RUN_ID).coverage
    assert coverage.sources_checked == len(GOOD) + 1 + len(BAD)
    assert coverage.sources_failed == sorted(BAD)
    reasons = {f.source_key: f.message for f in coverage.failures}
    assert "timed out" in reasons["drip"] and "redirect loop" in reasons["forever"]


def test_the_100_mb_bodies_are_cut_at_the_size_limit(run):
    _settings, reports, faults, _ = run
    assert reports["huge"].failed and reports["huge-declared"].failed
    assert reports["huge"].items == reports["huge-declared"].items == 0
    limit = crawl_settings.DOWNLOAD_MAXSIZE
    # Streamed without a length, the body is read until it passes the limit, then the client hangs up
    # (socket buffers let a few more MB leave the server); announced with a length, it is never read.
    assert limit <= faults.sent["/huge"] < 2 * limit + 8 * MB
    assert faults.sent.get("/huge-declared", 0) < 8 * MB


def test_the_slow_source_was_tried_twice_and_never_finished(run):
    _settings, reports, _faults, (drip_hits, _base) = run
    assert drip_hits == 2, "one retry after the first timeout"
    assert reports["drip"].items == 0


def test_redirecting_forever_stops_after_the_limit(run):
    _settings, _reports, faults, _ = run
    assert faults.redirects == crawl_settings.REDIRECT_MAX_TIMES + 1
