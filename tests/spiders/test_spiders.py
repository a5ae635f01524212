"""Every spider kind against recorded copies of real sources, through the real crawl process.

One parametrised test: each case of cases.py is served on loopback, crawled by `crawl_source`'s
process, and its items compared with the reviewed `<slug>.expected.json`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from pipeline.sources import KINDS
from tests.spiders.cases import CASES, comparable, crawl_cases
from tests.support.httpserver import LoopbackServer


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """All cases crawled once, in parallel processes, on one loopback server."""
    with LoopbackServer() as server:
        outcomes = crawl_cases(CASES, server, tmp_path_factory.mktemp("crawl"))
        yield server, outcomes


def test_every_spider_kind_has_a_recorded_fixture():
    missing = set(KINDS) - {case.kind for case in CASES}
    assert not missing, f"spider kinds without a recorded fixture and expected JSON: {sorted(missing)}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
@pytest.mark.slow
def test_spider_output_matches_expected(case, crawled):
    server, outcomes = crawled
    outcome = outcomes[case.slug]
    assert case.expected_file.exists(), f"no {case.expected_file.name}: record it (see tests/spiders/cases.py)"
    assert outcome.errors == []
    assert not outcome.failed and outcome.http_status == 200 and not outcome.not_modified
    for item in outcome.items:
        fetched = datetime.fromisoformat(item.fetched_at)
        assert fetched.utcoffset() == timedelta(0)
        assert abs(datetime.now(UTC) - fetched) < timedelta(hours=1)
        assert item.source_key == case.slug
    expected = json.loads(case.expected_file.read_text(encoding="utf-8"))
    actual = comparable(outcome, server)
    assert len(actual) == len(expected)
    for position, (got, want) in enumerate(zip(actual, expected)):
        assert got == want, f"{case.slug} item {position} ({want.get('url')}) differs"
