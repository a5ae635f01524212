"""The loopback server serves the snapshot like a real feed host, and the demo sources file points at it."""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser
import httpx
import pytest

from core.errors import ConfigError
from pipeline.demo import SNAPSHOT
from pipeline.demo.outlets import COPIES, OUTLETS
from pipeline.demo.server import serve_snapshot, write_demo_sources
from pipeline.sources import load_sources

TYPES = {
    ".xml": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".json": "application/json",
    ".html": "text/html",
}
SERVED = sorted([o.path for o in OUTLETS] + [c.path for c in COPIES])


@pytest.fixture(scope="module")
def base():
    with serve_snapshot() as url:
        yield url


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=10) as c:
        yield c


def test_base_url_is_loopback_with_a_real_port(base):
    parts = urlsplit(base)
    assert parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.port > 0 and parts.path == ""


@pytest.mark.parametrize("rel", SERVED)
def test_each_file_is_served_whole_with_its_type_and_validators(base, client, rel):
    response = client.get(f"{base}/{rel}")
    assert response.status_code == 200
    suffix = "." + rel.rsplit(".", 1)[1]
    assert response.headers["content-type"].split(";")[0] == TYPES[suffix]
    assert response.content == (SNAPSHOT / rel).read_bytes()
    assert response.headers["etag"].startswith('"') and response.headers["last-modified"].endswith("GMT")


def test_matching_if_none_match_is_a_304_and_a_stale_one_is_not(base, client):
    url = f"{base}/feeds/theverge.atom"
    etag = client.get(url).headers["etag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    listed = client.get(url, headers={"If-None-Match": f'"other", W/{etag}'})
    assert listed.status_code == 304
    stale = client.get(url, headers={"If-None-Match": '"not-this-one"'})
    assert stale.status_code == 200 and stale.content == (SNAPSHOT / "feeds/theverge.atom").read_bytes()


def test_if_modified_since_answers_304_only_when_not_modified(base, client):
    url = f"{base}/copies/cisa-kev-2025-08-25.json"
    last_modified = client.get(url).headers["last-modified"]
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(url, headers={"If-Modified-Since": old}).status_code == 200


def test_etags_differ_between_files(base, client):
    tags = {client.head(f"{base}/{rel}").headers["etag"] for rel in SERVED}
    assert len(tags) == len(SERVED)


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/nope.xml",
        "/",
        "/ATTRIBUTION.md",
        "/sources.toml.in",
        "/feeds/../../build.py",
        "/feeds/%2e%2e/__init__.py",
    ],
)
def test_unknown_paths_are_404(base, client, path):
    assert client.get(base + path).status_code == 404


def test_robots_txt_allows_everything(base, client):
    response = client.get(f"{base}/robots.txt")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    assert response.text.splitlines() == ["User-agent: *", "Allow: /"]


def test_server_stops_cleanly_and_frees_its_port():
    with serve_snapshot() as url:
        assert httpx.get(f"{url}/robots.txt").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/robots.txt", timeout=2)


def test_a_busy_port_is_a_clear_error(base):
    port = urlsplit(base).port
    with pytest.raises(ConfigError, match=rf"127.0.0.1:{port}: cannot listen"):
        with serve_snapshot(port):
            pass


def test_an_empty_snapshot_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="no snapshot files to serve"):
        with serve_snapshot(root=tmp_path):
            pass


def test_demo_sources_load_with_every_url_on_the_base(tmp_path):
    path = write_demo_sources("http://127.0.0.1:8765/", tmp_path / "cfg" / "sources.toml")
    specs = load_sources(path, include_disabled=True)
    assert {s.key for s in specs} == {o.key for o in OUTLETS} | {c.key for c in COPIES}
    assert all(s.url.startswith("http://127.0.0.1:8765/") and "//" not in s.url[7:] for s in specs)
    kinds = {s.key: (s.kind, s.tier) for s in specs}
    assert kinds["cisa-kev"] == ("kev", "primary") and kinds["techmeme-home"] == ("techmeme", "aggregator")
    assert kinds["techmeme"] == ("feed", "aggregator") and kinds["hackernews"] == ("feed", "community")
    assert kinds["cisa-advisories"] == ("feed", "primary") and kinds["wired"] == ("feed", "press")
    enabled = {s.key for s in load_sources(path)}
    assert enabled == {s.key for s in specs} - {"techcrunch-2023"}


def test_every_feed_source_is_fetchable_and_parses_from_the_server(base, client, tmp_path):
    specs = load_sources(write_demo_sources(base, tmp_path / "sources.toml"))
    for spec in specs:
        response = client.get(spec.url)
        assert response.status_code == 200, spec.key
        if spec.kind == "feed":
            parsed = feedparser.parse(response.content)
            assert not parsed.bozo and parsed.entries, spec.key


@pytest.mark.parametrize("bad", ["", "127.0.0.1:8765", "ftp://127.0.0.1", "http://127.0.0.1:1/feeds"])
def test_write_demo_sources_rejects_a_base_that_is_not_a_server_root(tmp_path, bad):
    with pytest.raises(ConfigError, match="demo server: base URL"):
        write_demo_sources(bad, tmp_path / "sources.toml")
    assert not (tmp_path / "sources.toml").exists()
