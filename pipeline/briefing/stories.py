"""One story per real-world event: cluster the day's tagged items across sources.

Joins come from three places, strongest first: an aggregator's own cluster id (Techmeme), an aggregator's
"More:" list naming the other item's outlet or URL, and the similarity of title, summary, organizations and
amounts. Merging is greedy from the most similar pair down and never puts two different aggregator
clusters in one story.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from core.tiers import TIERS
from pipeline.briefing.corpus import Item
from pipeline.briefing.similarity import (
    JOIN_THRESHOLD,
    Idf,
    candidates,
    conflicting,
    cosine,
    event_score,
    make_profile,
    postings,
)

TIER_ORDER = TIERS  # closest to the event first: the lead is the most primary source
_POSTING_CAP = 50  # items of one outlet paired with a "More:" list that names it
_MORE_BONUS = 0.15  # the aggregator's "More:" list names the other item's outlet


@dataclass
class Cluster:
    items: list[Item]  # lead first

    @property
    def lead(self) -> Item:
        return self.items[0]


def story_id(day: date, lead_url: str) -> str:
    return hashlib.sha1(f"{day.isoformat()}|{lead_url}".encode()).hexdigest()[:16]


def tier_rank(tier: str) -> int:
    return TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER)


def cluster_items(items: list[Item]) -> list[Cluster]:
    """Group items into events; deterministic for a given set of items whatever their order."""
    items = sorted(items, key=lambda it: (it.published_at, it.url))
    profiles = [make_profile(it.title, it.summary, it.orgs, it.amounts, [_cluster_id(it)]) for it in items]
    idf = Idf(profiles)
    vectors = [idf.vector(p) for p in profiles]
    edges = []
    for i, j in sorted(_candidate_pairs(items, profiles)):
        if conflicting(profiles[i], profiles[j]):
            continue
        score = event_score(cosine(vectors[i], vectors[j]), profiles[i], profiles[j], idf)
        if _vouched(items[i], items[j]):
            score += _MORE_BONUS
        if _must_link(items[i], items[j]):
            score = float("inf")  # merged before any similarity-based join
        if score >= JOIN_THRESHOLD:
            edges.append((-score, i, j))
    groups = _merge(len(items), sorted(edges), profiles)
    clusters = [Cluster(sorted((items[i] for i in g), key=_lead_key)) for g in groups]
    return sorted(clusters, key=lambda c: (c.lead.published_at, c.lead.url))


def _lead_key(item: Item):
    """The lead is the most primary source, then the earliest report."""
    return (tier_rank(item.tier), item.published_at, item.url)


def _cluster_id(item: Item) -> str | None:
    value = item.extra.get("cluster")
    return str(value) if value else None


def _outlets(item: Item) -> tuple[set[str], set[str]]:
    """Names and URLs on the item's "More:" list (strings, or dicts with name/publication and url)."""
    names, urls = set(), set()
    for entry in item.extra.get("related_outlets") or []:
        if isinstance(entry, dict):
            name = entry.get("name") or entry.get("publication") or ""
            if entry.get("url"):
                urls.add(str(entry["url"]))
        else:
            name = str(entry)
        if name:
            names.add(name.strip().lower())
    return names, urls


def _must_link(a: Item, b: Item) -> bool:
    if _cluster_id(a) and _cluster_id(a) == _cluster_id(b):
        return True
    return b.url in _outlets(a)[1] or a.url in _outlets(b)[1]


def _vouched(a: Item, b: Item) -> bool:
    return b.publication.lower() in _outlets(a)[0] or a.publication.lower() in _outlets(b)[0]


def _candidate_pairs(items: list[Item], profiles) -> set[tuple[int, int]]:
    """Pairs sharing a distinctive word, an organization, an amount, a cluster, or a "More:" outlet."""
    index = postings(profiles)
    pairs = {(min(i, j), max(i, j)) for i, p in enumerate(profiles) for j in candidates(p, index) if i != j}
    by_outlet: dict[str, list[int]] = defaultdict(list)
    by_url = {item.url: i for i, item in enumerate(items)}
    for i, item in enumerate(items):
        by_outlet[item.publication.lower()].append(i)
    for i, item in enumerate(items):
        names, urls = _outlets(item)
        linked = [j for name in names for j in by_outlet.get(name, [])[:_POSTING_CAP]]
        linked += [by_url[url] for url in urls if url in by_url]
        pairs.update((min(i, j), max(i, j)) for j in linked if i != j)
    return pairs


def _merge(n: int, edges, profiles) -> list[list[int]]:
    parent = list(range(n))
    clusters = [set(p.clusters) for p in profiles]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in edges:
        ri, rj = root(i), root(j)
        if ri == rj or (clusters[ri] and clusters[rj] and not clusters[ri] & clusters[rj]):
            continue
        parent[rj] = ri
        clusters[ri] |= clusters[rj]
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[root(i)].append(i)
    return list(groups.values())
