"""`signaldesk crawl --sources PATH` end to end: real crawl processes against recorded sources on a
loopback server, stored in a real SQLite file, with broken sources in the same run.
"""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from core.canonical import canonical_url
from core.sanitize import plain_title
from models import CrawlRun, Document, session_scope
from pipeline.dates import resolve_published
from tests.spiders.cases import CASES
from tests.support.crawling import run_crawl
from tests.support.httpserver import LoopbackServer, Route
from tests.support.recorded import recorded

pytestmark = pytest.mark.slow

GOOD_FEED = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()
BROKEN = {
    "html-as-feed": (
        Route(body=b"<html><body><h1>Welcome</h1></body></html>", content_type="application/rss+xml"),
        "not an RSS or Atom feed",
    ),
    "empty-body": (Route(body=b"", content_type="application/rss+xml"), "empty"),
    "server-error": (Route(body=b"oops", status=500, content_type="text/plain"), "500"),
    "missing": (None, "404"),
    "truncated": (
        Route(body=b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><tit'),
        "malformed",
    ),
}


def sources_file(tmp_path, server) -> str:
    entries = []
    for case in CASES:
        case.serve(server)
        kind = case.kind
        entries.append((case.slug, case.name, kind, server.url(case.start)))
    for key, (route, _) in BROKEN.items():
        if route is not None:
            server.routes[f"/broken/{key}"] = route
        entries.append((key, key, "feed", server.url(f"/broken/{key}")))
    text = "\n".join(
        f'[[sources]]\nkey = "{k}"\nname = "{n}"\nkind = "{kind}"\nurl = "{u}"\n' for k, n, kind, u in entries
    )
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return str(path)


def expected_items(server) -> list[dict]:
    rows = []
    for case in CASES:
        for item in json.loads(case.expected_file.read_text()):
            rows.append({k: (v.replace("{server}", server.base) if isinstance(v, str) else v) for k, v in item.items()})
    return rows


def test_crawl_stores_every_item_once_and_names_each_broken_source(tmp_path):
    with LoopbackServer() as server:
        sources = sources_file(tmp_path, server)
        first = run_crawl(tmp_path, sources)
        assert first.returncode == 0, first.stderr
        second = run_crawl(tmp_path, sources)
        assert second.returncode == 0, second.stderr
        expected = expected_items(server)
    db = f"sqlite:///{tmp_path / 'home' / 'signaldesk.db'}"
    with session_scope(db) as session:
        docs = {d.canonical_url: d for d in session.exec(select(Document)).all()}
        runs = session.exec(select(CrawlRun)).all()

    urls = {canonical_url(item["url"]) for item in expected}
    assert set(docs) == urls, "every recorded item is stored, and nothing else"
    for item in expected:
        doc = docs[canonical_url(item["url"])]
        if doc.source_key != item["source_key"]:
            continue  # the same article seen first in another source: one Document, seen in both
        assert doc.title == plain_title(item["title"]) or item["title"] == ""
        assert doc.publication == (plain_title(item["publication"]) if item["publication"] else None)
        fetched = doc.fetched_at
        want, flag = resolve_published(item["published"], fetched, zone=(item.get("extra") or {}).get("published_tz"))
        if flag is None:
            assert doc.published_at == want
        assert doc.published_at.utcoffset().total_seconds() == 0

    by_source: dict[str, list[CrawlRun]] = {}
    for run in sorted(runs, key=lambda r: r.id):
        by_source.setdefault(run.source_key, []).append(run)
    for case in CASES:
        first_run, second_run = by_source[case.slug]
        assert first_run.status == "ok" and first_run.new > 0, (case.slug, first_run.messages)
        assert second_run.new == 0, f"{case.slug}: the second crawl must add nothing"
    for key, (_, fragment) in BROKEN.items():
        run = by_source[key][0]
        assert run.status == "failed", (key, run.status)
        assert any(fragment.lower() in m.lower() for m in run.messages), (key, run.messages)
    assert "every source failed" not in first.stdout
    assert "html-as-feed" in first.stdout and "failed" in first.stdout
