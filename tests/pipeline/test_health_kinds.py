"""`signaldesk sources check` counts every registered kind by its own format (core/kinds.py), refuses a
kind it does not know before any request, and holds every kind to the SSRF rule."""

from __future__ import annotations

import pytest

from core.kinds import KINDS
from pipeline.health import check_source
from pipeline.sources import SourceSpec
from tests.spiders.cases import CASES
from tests.support.httpserver import Route


def _case_of(kind: str):
    return next(case for case in CASES if case.kind == kind)


def _serve(loopback, kind: str) -> tuple[str, list]:
    """Serve the recorded case of `kind`; its start URL and the hits of its first route."""
    case = _case_of(kind)
    case.serve(loopback)
    return loopback.url(case.start), loopback.routes[case.start].hits


def test_an_unknown_kind_is_an_error_before_any_request(loopback):
    route = loopback.routes["/page"] = Route(body=b'<div class="clus"></div>', content_type="text/html")
    health = check_source(SourceSpec("odd", "Odd", "gopher", loopback.url("/page")), allow_private=True)
    assert not health.ok and route.hits == []
    assert health.detail.startswith("unknown kind 'gopher'")


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_goes_through_the_ssrf_guard(loopback, kind):
    url, hits = _serve(loopback, kind)
    health = check_source(SourceSpec("src", "Source", kind, url), timeout=10)
    assert not health.ok and hits == []
    assert "refused" in health.detail and "loopback address 127.0.0.1" in health.detail


# What each kind's first recorded case holds: feed entries, KEV entries, NIST teasers, Techmeme clusters.
ITEMS = {"feed": 10, "kev": 25, "nist": 3, "techmeme": 12}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_counts_the_items_of_its_recorded_source(loopback, kind):
    url, _hits = _serve(loopback, kind)
    health = check_source(SourceSpec("src", "Source", kind, url), allow_private=True, timeout=10)
    assert health.ok and health.items == ITEMS[kind], health.detail


def test_a_body_of_another_kind_is_not_counted_as_techmeme(loopback):
    url, _hits = _serve(loopback, "kev")
    health = check_source(SourceSpec("src", "Source", "techmeme", url), allow_private=True, timeout=10)
    assert not health.ok and health.detail == "no techmeme items found"
