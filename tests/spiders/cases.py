"""Recorded source fixtures: one slug ties a spider kind, the files served, and `<slug>.expected.json`.

Each case is served on the loopback server at the paths its source uses and crawled by the real crawl
process. `python -m tests.spiders.record_expected [slug ...]` rewrites the expected files: review the diff
by hand before keeping it, the expected JSON is the reviewed truth, not whatever the spider says today.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.crawl import CrawlOptions, CrawlOutcome, crawl_sources
from pipeline.sources import SourceSpec
from tests.support.httpserver import LoopbackServer, Route
from tests.support.recorded import FIXTURES, recorded

RSS, ATOM, HTML, JSON = (
    "application/rss+xml; charset=utf-8",
    "application/atom+xml",
    "text/html; charset=utf-8",
    "application/json",
)
NIST_NEWS = "/news-events/news"


@dataclass(frozen=True)
class Case:
    slug: str
    kind: str
    start: str  # path of the source URL on the loopback server
    files: tuple[tuple[str, str, str], ...]  # (path, recorded file, content type): see tests/support/recorded.py
    name: str  # what the sources file calls it (the bundled one, where listed)

    @property
    def expected_file(self) -> Path:
        return FIXTURES / f"{self.slug}.expected.json"

    def spec(self, server: LoopbackServer) -> SourceSpec:
        return SourceSpec(key=self.slug, name=self.name, kind=self.kind, url=server.url(self.start))

    def serve(self, server: LoopbackServer) -> None:
        for path, name, content_type in self.files:
            server.routes[path] = Route(body=recorded(name).read_bytes(), content_type=content_type)


def _feed(slug: str, file: str, name: str, content_type: str = RSS) -> Case:
    return Case(slug, "feed", f"/{file}", ((f"/{file}", file, content_type),), name)


CASES = (
    _feed("techmeme-derived-feed", "techmeme-derived-feed-2026-02-13.xml", "Techmeme"),
    _feed("techmeme-feed-examples", "techmeme-feed-examples.xml", "Techmeme"),
    _feed("bleepingcomputer", "bleepingcomputer-feed-2025-07-24.xml", "BleepingComputer"),
    _feed("securityweek", "securityweek-feed-2025-07-24.xml", "SecurityWeek"),
    _feed("cisa-advisories", "cisa-cybersecurity-advisories-2025-07-24.xml", "CISA Cybersecurity Advisories"),
    _feed("techcrunch", "techcrunch-feed-2023-08-16.xml", "TechCrunch"),
    _feed("theregister-atom", "theregister-bootnotes-atom-2012-11-02.atom", "The Register", ATOM),
    Case(
        "techmeme-homepage",
        "techmeme",
        "/",
        (("/", "techmeme-homepage-2018-03-21.html", HTML),),
        "Techmeme (homepage clusters)",
    ),
    Case(
        "cisa-kev",
        "kev",
        "/sites/default/feeds/known_exploited_vulnerabilities.json",
        (("/sites/default/feeds/known_exploited_vulnerabilities.json", "cisa-kev-2025-08-25-trimmed.json", JSON),),
        "CISA Known Exploited Vulnerabilities",
    ),
    Case(
        "nist-news",
        "nist",
        NIST_NEWS,
        (
            (NIST_NEWS, "nist-news-listing.html", HTML),
            (
                f"{NIST_NEWS}/2025/03/nist-selects-hqc-fifth-algorithm-post-quantum-encryption",
                "nist-news-hqc.html",
                HTML,
            ),
            (
                f"{NIST_NEWS}/2024/08/nist-releases-first-3-finalized-post-quantum-encryption-standards",
                "nist-news-pqc.html",
                HTML,
            ),
            (
                f"{NIST_NEWS}/2024/02/nist-releases-version-20-landmark-cybersecurity-framework",
                "nist-news-csf.html",
                HTML,
            ),
        ),
        "NIST News",
    ),
)

# The fixtures are served on loopback, which the SSRF rule refuses by default, and need no politeness delays.
LOOPBACK = CrawlOptions(allow_private=True, fast=True, timeout=90)


def crawl_cases(cases, server: LoopbackServer, tmp: Path) -> dict[str, CrawlOutcome]:
    for case in cases:
        case.serve(server)
    outcomes = crawl_sources(
        [c.spec(server) for c in cases], out_dir=tmp / "raw", state_dir=tmp / "state", options=LOOPBACK, concurrency=4
    )
    return {o.source_key: o for o in outcomes}


# HTML bodies longer than this are compared by digest, so expected files stay readable.
LONG = 1500


def comparable(outcome: CrawlOutcome, server: LoopbackServer) -> list[dict]:
    """Items as JSON-ready dicts without what changes per run: the server port and fetched_at."""
    rows = []
    for item in outcome.items:
        row = item.as_dict()
        row.pop("fetched_at")
        row = _replace_base(row, server.base)
        for name in ("summary_html", "body_html"):
            if len(row[name]) > LONG:
                row[name] = {
                    "length": len(row[name]),
                    "start": row[name][:200],
                    "sha256": hashlib.sha256(row[name].encode()).hexdigest(),
                }
        rows.append(row)
    # Pages followed in parallel (NIST) arrive in any order.
    return sorted(rows, key=lambda r: (r["url"], r["title"])) if outcome.source_key == "nist-news" else rows


def _replace_base(value, base: str):
    if isinstance(value, str):
        return value.replace(base, "{server}")
    if isinstance(value, list):
        return [_replace_base(v, base) for v in value]
    if isinstance(value, dict):
        return {k: _replace_base(v, base) for k, v in value.items()}
    return value
