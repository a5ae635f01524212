"""Source tiers: how close a source stands to the events it reports. The one list the sources file, the
story clustering (which item leads) and the ranking (how much a source corroborates) read.

Adding a tier is one entry in REGISTRY. It imports nothing of ours, so every package can read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    key: str  # the value of `tier` in the sources file, stored on every Source
    label: str  # what the sources file's documentation calls it
    weight: float  # how much one outlet of this tier corroborates a story (pipeline/briefing/rank.py)


# Closest to the event first: this order also picks a story's lead (the most primary source).
# Weights: independent outlets by how close they are to the event.
REGISTRY: tuple[Tier, ...] = (
    Tier("primary", "the actor itself: a regulator, an agency, a company's own newsroom", 1.0),
    Tier("press", "newsrooms and trade press", 0.7),
    Tier("aggregator", "sites that collect others' reports, such as Techmeme", 0.4),
    Tier("community", "readers' sites, such as Hacker News", 0.25),
)

TIERS: tuple[str, ...] = tuple(t.key for t in REGISTRY)
BY_KEY: dict[str, Tier] = {t.key: t for t in REGISTRY}
DEFAULT = "press"  # a source whose entry names no tier
