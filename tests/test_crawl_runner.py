"""The crawl runner against misbehaving sources on loopback: every failure is a clear message in its
source's outcome, recoverable input keeps its items, and one bad source never costs the good ones.

The bad sources and one good source are crawled together by `crawl_sources` once per module (one
process each); each test then checks one source's outcome.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from dataclasses import replace

import pytest

from core.sanitize import plain_title
from pipeline.crawl import CrawlOutcome, crawl_source, crawl_sources, read_items
from pipeline.sources import SourceSpec
from tests.spiders.cases import FIXTURES, HTML, JSON, LOOPBACK, RSS
from tests.support.httpserver import LoopbackServer, Route
from tests.support.recorded import recorded

MAXSIZE = 64 * 1024
# Small limits keep the timeout and size cases quick; they apply to every source of the batch.
OVERRIDES = {"DOWNLOAD_TIMEOUT": 1, "DOWNLOAD_MAXSIZE": MAXSIZE, "DOWNLOAD_WARNSIZE": MAXSIZE // 2}


def rss(*items: str, encoding: str = "utf-8") -> bytes:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>Test feed</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode(encoding)


def item(title: str, link: str = "", guid: str = "", date: str = "Thu, 24 Jul 2025 17:34:13 -0400") -> str:
    parts = [f"<title>{title}</title>"]
    parts += [f"<link>{link}</link>"] if link else []
    parts += [f"<guid>{guid}</guid>"] if guid else []
    parts += [f"<pubDate>{date}</pubDate>"] if date else []
    return "<item>" + "".join(parts) + "</item>"


GOOD = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()
_WHOLE = rss(item("First", "http://example.org/1"), item("Second", "http://example.org/2"))
TRUNCATED = _WHOLE[: _WHOLE.index(b"<link>http://example.org/2") + 12]  # cut inside the second link
NIST_LISTING = (FIXTURES / "nist-news-listing.html").read_bytes()

GUID = "tag:example.org,2025:1"
# What an internal service might answer: its bytes must never reach a message (the sources page shows them).
HTML_PAGE = b"<!DOCTYPE html><html><body><p>instance-id i-0abc secret</p></body></html>"

# key -> (kind, route path, Route)
BAD = {
    "good": ("feed", "/good.xml", Route(body=GOOD, content_type=RSS)),
    "bozo": ("feed", "/bozo.xml", Route(body=rss(item("Fish & Chips", "http://example.org/fish")), content_type=RSS)),
    "html-page": ("feed", "/page.xml", Route(body=HTML_PAGE, content_type=HTML)),
    "empty": ("feed", "/empty.xml", Route(body=b"", content_type=RSS)),
    "truncated": ("feed", "/truncated.xml", Route(body=TRUNCATED, content_type=RSS)),
    "truncated-early": (
        "feed",
        "/early.xml",
        Route(body=rss(item("Only", "http://example.org/o"))[:80], content_type=RSS),
    ),
    "wrong-encoding": (
        "feed",
        "/latin.xml",
        Route(
            body=rss(item("Résumé café", "http://example.org/r"), encoding="latin-1").replace(b"latin-1", b"utf-8"),
            content_type="application/rss+xml",
        ),
    ),
    "oversized": (
        "feed",
        "/big.xml",
        Route(body=rss(*[item(f"Item {n}", f"http://example.org/{n}") for n in range(2000)]), content_type=RSS),
    ),
    "not-found": ("feed", "/missing.xml", Route(status=404, body=b"gone", content_type="text/plain")),
    "server-error": ("feed", "/error.xml", Route(status=500, body=b"oops", content_type="text/plain")),
    "slow": ("feed", "/slow.xml", Route(body=GOOD, content_type=RSS, delay=4)),
    "redirect-loop": ("feed", "/loop-a", Route(status=302, headers={"Location": "/loop-b"})),
    "relative-links": (
        "feed",
        "/feeds/rel.xml",
        Route(body=rss(item("Rel", "../news/one.html"), item("Root", "/two.html")), content_type=RSS),
    ),
    "duplicate-guids": (
        "feed",
        "/dupes.xml",
        Route(
            body=rss(
                item("One", "http://example.org/1", GUID),
                item("One again", "http://example.org/1", GUID),
                item("Other", "http://example.org/2", GUID),
            ),
            content_type=RSS,
        ),
    ),
    "no-dates": (
        "feed",
        "/nodate.xml",
        Route(body=rss(item("Undated", "http://example.org/u", date="")), content_type=RSS),
    ),
    "script-title": (
        "feed",
        "/script.xml",
        Route(
            body=rss(
                item("Patch now &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;", "http://example.org/s")
            ),
            content_type=RSS,
        ),
    ),
    "kev-malformed": ("kev", "/kev.json", Route(body=b'{"vulnerabilities": [{"cveID": "CVE-1"', content_type=JSON)),
    "nist-missing-page": ("nist", "/news-events/news", Route(body=NIST_LISTING, content_type=HTML)),
    "techmeme-not-techmeme": (
        "techmeme",
        "/river",
        Route(body=b"<html><body>Nothing</body></html>", content_type=HTML),
    ),
}


class ResettingServer:
    """Answers every request with a TCP reset (SO_LINGER 0), as a dropped or filtered connection does."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/reset.xml"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.recv(65536)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[str, dict[str, CrawlOutcome]]:
    """(loopback base URL, outcome per source key)"""
    resetting = ResettingServer()
    with LoopbackServer() as server:
        server.routes["/loop-b"] = Route(status=302, headers={"Location": "/loop-a"})
        specs = []
        for key, (kind, path, route) in BAD.items():
            server.routes[path] = route
            specs.append(SourceSpec(key, key, kind, server.url(path)))
        specs.append(SourceSpec("reset", "reset", "feed", resetting.url))
        tmp = tmp_path_factory.mktemp("runner")
        done = []
        results = crawl_sources(
            specs,
            out_dir=tmp / "raw",
            state_dir=tmp / "state",
            options=LOOPBACK,
            concurrency=4,
            on_done=done.append,
            overrides=OVERRIDES,
        )
    resetting.sock.close()
    assert sorted(o.source_key for o in done) == sorted([*BAD, "reset"])
    assert [o.source_key for o in results] == [*BAD, "reset"]
    return server.base, {o.source_key: o for o in results}


@pytest.fixture
def outcomes(batch) -> dict[str, CrawlOutcome]:
    return batch[1]


def errors(outcome: CrawlOutcome) -> str:
    return "\n".join(outcome.errors)


@pytest.mark.slow
def test_good_source_keeps_its_items_next_to_bad_ones(outcomes):
    good = outcomes["good"]
    assert not good.failed and good.errors == [] and len(good.items) == 12
    assert good.items_file is not None and good.items_file.name == "good.jsonl"


@pytest.mark.parametrize(
    "key, message",
    [
        ("html-page", "not an RSS or Atom feed (Content-Type: text/html"),
        ("empty", "empty response body"),
        ("truncated-early", "malformed feed with no recoverable entries"),
        ("oversized", f"larger than the {MAXSIZE}-byte limit"),
        ("not-found", "HTTP 404 Not Found"),
        ("server-error", "HTTP 500 Internal Server Error (after 1 retry)"),
        ("slow", "timed out after 1s"),
        ("reset", "connection reset or closed by the server"),
        ("redirect-loop", "redirect loop: more than 5 redirects"),
        ("kev-malformed", "not valid JSON (Expecting"),
        ("techmeme-not-techmeme", "no Techmeme items"),
    ],
)
@pytest.mark.slow
def test_unusable_source_fails_with_a_clear_message(outcomes, key, message):
    outcome = outcomes[key]
    assert outcome.failed and outcome.items == []
    assert message in errors(outcome)
    assert (BAD[key][1] if key in BAD else "/reset.xml") in errors(outcome), "the message names the URL"
    assert outcome.process_ok, "a bad source is reported by the spider, not by a crashed process"


@pytest.mark.slow
def test_a_non_feed_answer_is_described_never_quoted(outcomes):
    message = errors(outcomes["html-page"])
    assert f"Content-Type: text/html; charset=utf-8; HTTP 200, {len(HTML_PAGE)} bytes" in message
    assert "instance-id" not in message and "DOCTYPE" not in message


@pytest.mark.slow
def test_http_errors_keep_their_status(outcomes):
    assert outcomes["not-found"].http_status == 404
    assert outcomes["server-error"].http_status == 500
    assert len(BAD["server-error"][2].hits) == 2, "a 500 is retried once in fast mode"
    assert len(BAD["not-found"][2].hits) == 1, "a 404 is not retried"


@pytest.mark.slow
def test_malformed_feed_keeps_recovered_entries_and_reports_them(outcomes):
    bozo = outcomes["bozo"]
    # A plain-text title goes on as markup (RawItem.title), so the pipeline reads back exactly its text.
    assert [i.title for i in bozo.items] == ["Fish &amp; Chips"] and not bozo.failed
    assert [plain_title(i.title) for i in bozo.items] == ["Fish & Chips"]
    assert "malformed feed (not well-formed (invalid token) at line 1" in errors(bozo)


@pytest.mark.slow
def test_truncated_feed_keeps_the_complete_entries(outcomes):
    truncated = outcomes["truncated"]
    assert [i.url for i in truncated.items] == ["http://example.org/1"]
    assert "malformed feed" in errors(truncated) and "entry 2 (None) has no link" not in errors(truncated)
    assert "entry 2" in errors(truncated) and "has no link; skipped" in errors(truncated)


@pytest.mark.slow
def test_wrong_declared_encoding_is_decoded_and_reported(outcomes):
    latin = outcomes["wrong-encoding"]
    assert [i.title for i in latin.items] == ["Résumé café"]
    assert "declared as utf-8" in errors(latin)


@pytest.mark.slow
def test_relative_links_are_resolved_against_the_feed_url(batch):
    base, outcomes = batch
    assert [i.url for i in outcomes["relative-links"].items] == [f"{base}/news/one.html", f"{base}/two.html"]


@pytest.mark.slow
def test_duplicate_guids(outcomes):
    dupes = outcomes["duplicate-guids"]
    assert [(i.title, i.url) for i in dupes.items] == [
        ("One", "http://example.org/1"),
        ("Other", "http://example.org/2"),
    ]
    assert f"entry 2 repeats guid {GUID!r}; skipped the duplicate" in errors(dupes)
    assert f"entry 3 reuses guid {GUID!r} for another link" in errors(dupes)


@pytest.mark.slow
def test_items_without_a_date_are_kept_undated(outcomes):
    undated = outcomes["no-dates"]
    assert [(i.title, i.published) for i in undated.items] == [("Undated", None)]
    assert undated.errors == []


@pytest.mark.slow
def test_markup_in_titles_stays_data_for_the_sanitizer(outcomes):
    # Spiders extract as served; the pipeline's sanitizer decides what markup survives. An RSS title is
    # plain text: what it writes as entities is text the reader sees, not markup that runs or vanishes.
    [kept] = outcomes["script-title"].items
    assert kept.title == "Patch now &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;"
    assert plain_title(kept.title) == "Patch now <script>alert(1)</script> <b>bold</b>"
    assert kept.url == "http://example.org/s"


@pytest.mark.slow
def test_nist_teaser_is_kept_when_its_page_fails(outcomes):
    nist = outcomes["nist-missing-page"]
    assert len(nist.items) == 3 and not nist.failed
    assert {i.title for i in nist.items} >= {"NIST Releases Version 2.0 of Landmark Cybersecurity Framework"}
    assert all(i.body_html == "" and i.summary_html.startswith("<p>") for i in nist.items)
    assert errors(nist).count("HTTP 404 Not Found") == 3
    assert errors(nist).count("kept the listing's teaser") == 3


@pytest.mark.slow
def test_wall_timeout_kills_the_process(loopback, tmp_path):
    loopback.routes["/hang.xml"] = Route(body=GOOD, content_type=RSS, delay=60)
    spec = SourceSpec("hang", "Hang", "feed", loopback.url("/hang.xml"))
    outcome = crawl_source(
        spec,
        out_dir=tmp_path,
        state_dir=tmp_path,
        options=replace(LOOPBACK, timeout=5),
        overrides={"DOWNLOAD_TIMEOUT": 120},
    )
    assert outcome.failed and not outcome.process_ok
    assert "crawl process killed after the 5s wall timeout" in errors(outcome)
    assert (tmp_path / "hang.log").exists()


def test_unknown_kind_is_an_error_without_a_process(tmp_path):
    outcome = crawl_source(
        SourceSpec("odd", "Odd", "gopher", "http://127.0.0.1:9/"), out_dir=tmp_path, state_dir=tmp_path
    )
    assert outcome.failed and "unknown source kind 'gopher'" in errors(outcome)
    assert not (tmp_path / "odd.log").exists()


def test_malformed_item_line_is_an_error_and_other_lines_are_kept(tmp_path):
    path = tmp_path / "src.jsonl"
    good = {"source_key": "src", "url": "http://example.org/a", "title": "A"}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({**good, "url": "http://example.org/b"}) + "\n")
    items, problems = read_items(path)
    assert [i.url for i in items] == ["http://example.org/a", "http://example.org/b"]
    assert len(problems) == 1 and problems[0].startswith("src.jsonl line 2: malformed item")
