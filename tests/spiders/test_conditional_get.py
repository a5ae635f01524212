"""Conditional GET: validators remembered per URL, a 304 is "not modified" (not a failure)."""

from __future__ import annotations

import json

import pytest

from pipeline.crawl import commit_validators, crawl_source
from pipeline.sources import SourceSpec
from tests.spiders.cases import LOOPBACK, RSS
from tests.support.httpserver import Route
from tests.support.recorded import recorded

FEED = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()


def _crawl(loopback, tmp_path, path="/feed.xml"):
    spec = SourceSpec("bleeping", "BleepingComputer", "feed", loopback.url(path))
    outcome = crawl_source(spec, out_dir=tmp_path / "raw", state_dir=tmp_path / "state", options=LOOPBACK)
    commit_validators(outcome, tmp_path / "state")  # as crawl_one does once the items are stored
    return outcome


@pytest.mark.slow
def test_second_crawl_sends_the_etag_and_a_304_is_not_a_failure(loopback, tmp_path):
    route = loopback.routes["/feed.xml"] = Route(body=FEED, content_type=RSS, etag='"v1-feed"')
    first = _crawl(loopback, tmp_path)
    assert len(first.items) == 12 and first.http_status == 200 and not first.not_modified
    assert "If-None-Match" not in route.hits[0]

    second = _crawl(loopback, tmp_path)
    assert route.hits[1]["If-None-Match"] == '"v1-feed"'
    assert second.http_status == 304 and second.not_modified
    assert second.items == [] and second.errors == [] and not second.failed


@pytest.mark.slow
def test_last_modified_is_sent_back_as_if_modified_since(loopback, tmp_path):
    stamp = "Thu, 24 Jul 2025 21:34:13 GMT"
    route = loopback.routes["/feed.xml"] = Route(body=FEED, content_type=RSS, headers={"Last-Modified": stamp})
    _crawl(loopback, tmp_path)
    _crawl(loopback, tmp_path)
    assert route.hits[1]["If-Modified-Since"] == stamp
    saved = json.loads((tmp_path / "state" / "http-validators" / "bleeping.json").read_text())
    assert saved == {loopback.url("/feed.xml"): {"last_modified": stamp}}


@pytest.mark.slow
def test_validators_of_a_crawl_with_errors_are_not_kept(loopback, tmp_path):
    # A feed that parsed with errors must be downloaded in full next time, not answered with a 304.
    broken = FEED.replace(b"</channel>", b"<item><title>A & B</title></item></channel>")
    route = loopback.routes["/feed.xml"] = Route(body=broken, content_type=RSS, etag='"v1-broken"')
    first = _crawl(loopback, tmp_path)
    assert first.errors and first.items
    second = _crawl(loopback, tmp_path)
    assert "If-None-Match" not in route.hits[1]
    assert second.http_status == 200 and not second.not_modified


def test_promoted_validators_are_private_and_merge_with_the_current_ones(tmp_path):
    from core.validators import ValidatorStore, promote

    current, fresh = tmp_path / "state" / "v.json", tmp_path / "raw" / "v.json"
    store = ValidatorStore(current)
    store.update({"https://a.example/feed?token=s3cret": {"etag": '"1"'}})
    store.save()
    fresh_store = ValidatorStore(fresh)
    fresh_store.update({"https://b.example/feed": {"etag": '"2"'}})
    fresh_store.save()
    assert promote(fresh, current)
    assert set(json.loads(current.read_text())) == {"https://a.example/feed?token=s3cret", "https://b.example/feed"}
    assert current.stat().st_mode & 0o777 == 0o600  # the URLs may carry credentials
    assert not promote(tmp_path / "missing.json", current)
