"""The SSRF guard: every request of a crawl, redirects included, is held to core.netguard's rule.

Unit cases drive the middleware with constructed requests and a fake resolver. The end-to-end case runs a real
crawl process through `crawl_and_ingest` with private sources NOT allowed. Tests can only serve from loopback,
so the source is a public IP literal (IANA's example.com address, never contacted) reached through an HTTP
proxy on loopback (`http_proxy`, honoured by Scrapy's HttpProxyMiddleware): the guard judges the URL the
crawl asks for, and the proxy answers for it with a redirect to 127.0.0.1.
"""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.http import Response
from scrapy.settings import Settings as ScrapySettings
from scrapy.utils.test import get_crawler
from sqlmodel import select

from core.errors import ConfigError
from models import CrawlRun, Document, session_scope
from pipeline.ingest import crawl_and_ingest
from pipeline.sources import SourceSpec
from spiders.guard import PrivateAddressRefused, SsrfGuardMiddleware
from tests.spiders.cases import RSS
from tests.support.httpserver import Route
from tests.support.recorded import recorded

DNS = {
    "news.example": ["93.184.215.14"],
    "intranet.example": ["10.1.2.3"],
    "metadata.example": ["169.254.169.254"],
    "split.example": ["93.184.215.14", "192.168.0.10"],  # one bad answer among good ones is enough to refuse
    "six.example": ["2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    "six-local.example": ["fd00::1"],
    "cgnat.example": ["100.64.0.1"],
    "nat64.example": ["64:ff9b::a9fe:a9fe"],
}


def fake_resolver(host: str) -> list[str]:
    if host not in DNS:
        raise ConfigError(f"cannot resolve host {host!r} (Name or service not known)", resource=host)
    return DNS[host]


def guard(allow_private: bool = False) -> SsrfGuardMiddleware:
    return SsrfGuardMiddleware(allow_private=allow_private, resolver=fake_resolver)


def run(middleware: SsrfGuardMiddleware, url: str):
    return asyncio.run(middleware.process_request(Request(url)))


@pytest.mark.parametrize(
    "url",
    [
        "http://news.example/feed.xml",
        "https://news.example:8443/a?b=c",
        "http://93.184.215.14/",
        "http://six.example/feed",
        "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/",
    ],
)
def test_public_hosts_pass(url):
    assert run(guard(), url) is None


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://127.0.0.1:8000/admin", "loopback address 127.0.0.1"),
        ("http://localhost.localdomain.invalid/", "cannot resolve host"),
        ("http://[::1]/", "loopback address ::1"),
        ("http://[::ffff:127.0.0.1]/", "loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "link-local address 169.254.169.254"),
        ("http://metadata.example/latest/", "link-local address 169.254.169.254"),
        ("http://intranet.example/wiki", "private address 10.1.2.3"),
        ("http://split.example/", "private address 192.168.0.10"),
        ("http://six-local.example/", "private address fd00::1"),
        ("http://0.0.0.0:9000/", "unspecified address"),
        ("http://100.100.100.200/latest/meta-data/", "shared (CGNAT, 100.64.0.0/10) address 100.100.100.200"),
        ("http://cgnat.example/", "shared (CGNAT, 100.64.0.0/10) address 100.64.0.1"),
        ("http://[::ffff:100.64.0.1]/", "shared (CGNAT"),
        ("http://nat64.example/", "link-local address 64:ff9b::a9fe:a9fe (carrying 169.254.169.254)"),
        ("http://198.18.0.1/", "benchmarking"),
        ("file:///etc/passwd", "not an http(s) URL"),
        ("ftp://news.example/pub", "not an http(s) URL"),
    ],
)
def test_internal_or_odd_targets_are_refused_with_the_reason(url, reason):
    with pytest.raises(PrivateAddressRefused) as refused:
        run(guard(), url)
    assert "refused by the SSRF guard" in str(refused.value) and reason in str(refused.value)


def test_allowing_private_sources_lets_everything_through_without_a_lookup():
    def no_lookups(host):
        raise AssertionError(f"looked up {host}")

    middleware = SsrfGuardMiddleware(allow_private=True, resolver=no_lookups)
    assert asyncio.run(middleware.process_request(Request("http://127.0.0.1:8000/"))) is None


def test_the_redirect_scrapy_builds_from_a_302_is_checked():
    # RedirectMiddleware answers a 302 with a new Request that the engine schedules again, through every
    # downloader middleware; the guard refuses that request, not only the first.
    redirect = RedirectMiddleware.from_crawler(get_crawler(settings_dict={"REDIRECT_MAX_TIMES": 5}))
    first = Request("http://news.example/feed.xml")
    assert run(guard(), first.url) is None
    response = Response(first.url, status=302, headers={"Location": "http://169.254.169.254/latest/"}, request=first)
    hop = redirect.process_response(first, response)
    assert isinstance(hop, Request) and hop.meta["redirect_urls"] == [first.url]
    with pytest.raises(PrivateAddressRefused, match="link-local"):
        asyncio.run(guard().process_request(hop))


def test_from_crawler_reads_the_setting():
    class Crawler:
        settings = ScrapySettings({"SIGNALDESK_ALLOW_PRIVATE_SOURCES": "True"})

    assert SsrfGuardMiddleware.from_crawler(Crawler).allow_private is True
    Crawler.settings = ScrapySettings({})
    assert SsrfGuardMiddleware.from_crawler(Crawler).allow_private is False


PUBLIC = "http://93.184.215.14"  # IANA's example.com: public, and never contacted (the proxy answers for it)
GOOD = recorded("bleepingcomputer-feed-2025-07-24.xml").read_bytes()
SECRET = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Internal</title><item><title>Internal '
    b"admin note</title><link>http://intranet.example/secret</link><guid>secret-1</guid></item></channel></rss>"
)


@pytest.fixture
def proxied(loopback, monkeypatch, tmp_path):
    """The loopback server as the crawl's HTTP proxy: it serves the public feed and the internal one."""
    secret = Route(body=SECRET, content_type=RSS)
    loopback.routes[f"{PUBLIC}/feed.xml"] = Route(status=302, headers={"Location": loopback.url("/secret.xml")})
    loopback.routes[f"{PUBLIC}/good.xml"] = Route(body=GOOD, content_type=RSS)
    loopback.routes[loopback.url("/secret.xml")] = secret  # asked through the proxy
    loopback.routes["/secret.xml"] = secret  # asked directly
    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.setenv(name, loopback.base)
    for name in ("no_proxy", "NO_PROXY", "https_proxy", "HTTPS_PROXY", "SIGNALDESK_ALLOW_PRIVATE_SOURCES"):
        monkeypatch.delenv(name, raising=False)
    return secret


def _crawl(settings, allow_private: bool):
    settings = settings.model_copy(update={"allow_private_sources": allow_private, "crawl_fast": True})
    specs = [
        SourceSpec("redirector", "Redirector", "feed", f"{PUBLIC}/feed.xml"),
        SourceSpec("good", "Good", "feed", f"{PUBLIC}/good.xml"),
    ]
    reports = {r.source_key: r for r in crawl_and_ingest(specs, settings, f"guard-{allow_private}")}
    with session_scope(settings.db_url) as session:
        runs = {
            r.source_key: r
            for r in session.exec(select(CrawlRun).where(CrawlRun.run_id == f"guard-{allow_private}")).all()
        }
        titles = set(session.exec(select(Document.title)).all())
    return reports, runs, titles


@pytest.mark.slow
def test_a_public_source_redirecting_to_loopback_is_refused(sqlite_settings, proxied):
    reports, runs, titles = _crawl(sqlite_settings, allow_private=False)
    assert proxied.hits == [], "nothing was sent to the internal address"
    refused = runs["redirector"]
    assert refused.status == "failed"
    message = " ".join(refused.messages)
    assert f"{PUBLIC}/feed.xml (redirected to http://127.0.0.1:" in message
    assert "refused by the SSRF guard" in message and "loopback address 127.0.0.1" in message
    assert runs["good"].status == "ok" and reports["good"].new == 12, "the other source is unaffected"
    assert "Internal admin note" not in titles


@pytest.mark.slow
def test_the_same_redirect_is_followed_when_private_sources_are_allowed(sqlite_settings, proxied):
    # The control: with the setting on, the crawl does reach the internal feed, so the test above would
    # notice a guard that refused nothing.
    _reports, runs, titles = _crawl(sqlite_settings, allow_private=True)
    assert runs["redirector"].status == "ok" and len(proxied.hits) == 1
    assert "Internal admin note" in titles


CGNAT = "http://100.100.100.200"  # Alibaba Cloud's metadata address: never contacted, the proxy answers for it


@pytest.mark.slow
def test_a_redirect_into_the_shared_address_space_is_refused(sqlite_settings, loopback, monkeypatch):
    meta = loopback.routes[f"{CGNAT}/latest/meta-data/"] = Route(body=SECRET, content_type=RSS)
    loopback.routes[f"{PUBLIC}/cgnat.xml"] = Route(status=302, headers={"Location": f"{CGNAT}/latest/meta-data/"})
    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.setenv(name, loopback.base)
    for name in ("no_proxy", "NO_PROXY", "https_proxy", "HTTPS_PROXY", "SIGNALDESK_ALLOW_PRIVATE_SOURCES"):
        monkeypatch.delenv(name, raising=False)
    spec = SourceSpec("cgnat", "CGNAT", "feed", f"{PUBLIC}/cgnat.xml")
    [report] = crawl_and_ingest([spec], sqlite_settings.model_copy(update={"crawl_fast": True}), "guard-cgnat")
    assert meta.hits == [], "nothing was sent to the metadata address"
    assert report.status == "failed" and report.new == 0
    message = " ".join(report.errors)
    assert f"(redirected to {CGNAT}/latest/meta-data/)" in message
    assert "refused by the SSRF guard" in message and "shared (CGNAT" in message
