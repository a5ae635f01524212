"""Source kinds: what a source serves and which spider reads it. The one list the sources file, the crawl,
`sources check` and the spider tests read.

Adding a kind is one entry in REGISTRY plus its data: the spider (`spiders/<module>.py`, whose `name` is the
entry's `spider`) and a recorded fixture with its expected items under `tests/fixtures/sources/`.
It imports nothing of ours, so spiders and every stage can read it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass


def _feed_entries(body: bytes) -> int:
    import feedparser  # a second or so to import: only `sources check` counts feed entries

    return len(feedparser.parse(body).entries)


def _kev_entries(body: bytes) -> int:
    return len(json.loads(body).get("vulnerabilities", []))


def _markers(*needles: bytes) -> Callable[[bytes], int]:
    """Count an HTML page's items by the markup that opens each one (the spider's own selector, as bytes)."""
    return lambda body: sum(body.count(needle) for needle in needles)


@dataclass(frozen=True)
class Kind:
    key: str  # the value of `kind` in the sources file
    spider: str  # the Scrapy spider's `name`: `python -m spiders.run <spider>` crawls a source of this kind
    help: str  # what a source of this kind is, for help texts
    count: Callable[[bytes], int]  # how many items a fetched body holds (`sources check`); may raise ValueError
    fixture_types: tuple[str, ...]  # the file extensions of a recorded copy under tests/fixtures/sources/


REGISTRY: tuple[Kind, ...] = (
    Kind("feed", "feed", "any RSS 2.0, RSS 1.0 or Atom URL", _feed_entries, (".xml", ".atom")),
    Kind(
        "techmeme",
        "techmeme",
        "the Techmeme homepage or river HTML, clusters with their related coverage",
        _markers(b'CLASS="clus"', b'class="clus"'),
        (".html",),
    ),
    Kind(
        "nist",
        "nist",
        "a NIST news or events listing page; each item's page is followed",
        _markers(b"nist-teaser__title"),
        (".html",),
    ),
    Kind("kev", "kev", "CISA's Known Exploited Vulnerabilities JSON", _kev_entries, (".json",)),
)

KINDS: tuple[str, ...] = tuple(k.key for k in REGISTRY)
BY_KEY: dict[str, Kind] = {k.key: k for k in REGISTRY}
