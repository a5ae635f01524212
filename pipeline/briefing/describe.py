"""What one cluster says: the story's title, summary, categories, entities and sources, from its items."""

from __future__ import annotations

from collections import Counter
from datetime import date

from core.categories import CATEGORIES  # docs/taxonomy.md order; re-exported by pipeline.briefing
from pipeline.briefing.contracts import Amount, Measure, Story, StorySource
from pipeline.briefing.corpus import Item
from pipeline.briefing.similarity import amount_key
from pipeline.briefing.stories import Cluster, story_id
from pipeline.briefing.text import lead_sentences


def describe(day: date, cluster: Cluster) -> Story:
    lead = cluster.lead
    strength = _category_strength(cluster.items)
    return Story(
        id=story_id(day, lead.url),
        title=lead.title,
        summary=summarize(cluster.items),
        categories=sorted(strength, key=lambda c: (-strength[c], CATEGORIES.index(c) if c in CATEGORIES else 9)),
        signal_scores={c: round(s, 4) for c, s in sorted(strength.items())},
        amounts=merged_amounts(cluster.items),
        orgs=merged_orgs(cluster.items),
        measures=merged_measures(cluster.items),
        sources=[source_entry(it) for it in cluster.items],
        also_reported_by=_also_reported_by(cluster.items),
    )


def summarize(items: list[Item]) -> str:
    """One or two sentences from the first item that has a summary, else its tagger evidence."""
    for item in items:
        if item.summary.strip():
            return lead_sentences(item.summary)
    for item in items:
        for sentence in item.evidence.values():
            if sentence:
                return lead_sentences(sentence, count=1)
    return ""


def source_entry(item: Item) -> StorySource:
    return StorySource(
        url=item.url,
        publication=item.publication,
        source_key=item.source_key,
        published_at=item.published_at.isoformat(),
        tier=item.tier,
    )


def merged_orgs(items: list[Item]) -> list[str]:
    """Organizations by how many sources name them, then by first appearance."""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for item in items:
        for org in item.orgs:
            counts[org] += 1
            first.setdefault(org, len(first))
    return sorted(counts, key=lambda o: (-counts[o], first[o]))


def merged_amounts(items: list[Item]) -> list[Amount]:
    seen: dict[tuple, Amount] = {}
    for item in items:
        for amount in item.amounts:
            seen.setdefault((amount_key(amount), amount.period), amount)
    return sorted(seen.values(), key=lambda a: -a.value)


def merged_measures(items: list[Item]) -> list[Measure]:
    seen: dict[tuple, Measure] = {}
    for item in items:
        for measure in item.measures:
            seen.setdefault((str(measure.unit or "").upper(), measure.value, measure.text), measure)
    return list(seen.values())


def _category_strength(items: list[Item]) -> dict[str, float]:
    strength: dict[str, float] = {}
    for item in items:
        for category, score in item.categories.items():
            strength[category] = max(strength.get(category, 0.0), score)
    return strength


def _also_reported_by(items: list[Item]) -> list[str]:
    """Outlets on an aggregator's "More:" list that are not among the story's own sources."""
    own = {it.publication.lower() for it in items}
    names: list[str] = []
    for item in items:
        for entry in item.extra.get("related_outlets") or []:
            name = (entry.get("name") or entry.get("publication") or "") if isinstance(entry, dict) else str(entry)
            name = name.strip()
            if name and name.lower() not in own and name not in names:
                names.append(name)
    return names
