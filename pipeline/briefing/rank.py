"""An explainable score per story: five parts in [0, 1], weighted and summed, each part kept.

score = Σ WEIGHTS[part] * score_parts[part]; reading `score_parts` next to `WEIGHTS` says why a story
ranks where it does.
"""

from __future__ import annotations

import math

from core import categories, tiers
from core.amount_roles import REGISTRY as AMOUNT_ROLES
from pipeline.briefing.contracts import Amount, Measure, Story, StorySource
from pipeline.briefing.watchlist import story_matches

WEIGHTS = {"category": 0.30, "corroboration": 0.25, "magnitude": 0.20, "novelty": 0.15, "watchlist": 0.10}
# Each category's and each tier's weight is kept with the rest of its definition, in its registry.
CATEGORY_WEIGHTS = {c.key: c.weight for c in categories.REGISTRY}
TIER_WEIGHTS = {t.key: t.weight for t in tiers.REGISTRY}
MENTION_WEIGHT = 0.3  # an outlet on a "More:" list: seen, not read
FULL_CORROBORATION = 2.5  # e.g. one primary source and three press outlets
# Rough USD rates: the magnitude part is a log scale, where a few percent of exchange rate is invisible.
USD_PER_UNIT = {
    "USD": 1.0,
    "EUR": 1.08,
    "GBP": 1.27,
    "JPY": 0.0067,
    "CNY": 0.14,
    "INR": 0.012,
    "KRW": 0.00073,
    "CAD": 0.73,
    "AUD": 0.66,
    "CHF": 1.13,
    "HKD": 0.13,
    "SGD": 0.74,
    "TWD": 0.031,
}
NOVELTY = {"new": 1.0, "update": 0.5, "continuing": 0.0}


MONEY_ROLES = tuple(role.key for role in AMOUNT_ROLES if role.moves_money)


def rank_stories(stories: list[Story], watchlist: list[str]) -> list[Story]:
    """Score every story in place and return them best first (ties by id, so the order is stable)."""
    for story in stories:
        parts = score_parts(story, watchlist)
        story.score_parts = parts
        story.score = round(sum(WEIGHTS[name] * value for name, value in parts.items()), 4)
    return sorted(stories, key=lambda s: (-s.score, s.id))


def score_parts(story: Story, watchlist: list[str]) -> dict[str, float]:
    parts = {
        "category": category_part(story.signal_scores),
        "corroboration": corroboration_part(story.sources, story.also_reported_by),
        "magnitude": max([money_part(story.amounts)] + [measure_part(m) for m in story.measures]),
        "novelty": NOVELTY.get(story.status, 1.0),
        "watchlist": 1.0 if any(story_matches(story, term) for term in watchlist or []) else 0.0,
    }
    return {name: round(value, 4) for name, value in parts.items()}


def category_part(signal_scores: dict[str, float]) -> float:
    """The strongest category, weighted by how sure the tagger was of it."""
    return max((CATEGORY_WEIGHTS.get(c, 0.5) * min(1.0, max(0.0, s)) for c, s in signal_scores.items()), default=0.0)


def corroboration_part(sources: list[StorySource], mentioned: list[str]) -> float:
    best: dict[str, float] = {}
    for source in sources:
        outlet = (source.publication or source.source_key).lower()
        best[outlet] = max(best.get(outlet, 0.0), TIER_WEIGHTS.get(source.tier, 0.5))
    total = sum(best.values()) + MENTION_WEIGHT * len({m.lower() for m in mentioned} - set(best))
    return min(1.0, total / FULL_CORROBORATION)


def usd_value(amount: Amount) -> float | None:
    rate = USD_PER_UNIT.get(str(amount.currency or "USD").upper())
    return None if rate is None or not amount.value else abs(amount.value) * rate


def money_part(amounts: list[Amount]) -> float:
    """The size of the money a story moves: amounts of one role only, never compared across roles. The role is
    the first in core/amount_roles.py's order that moves money (raised, target, fine, deal) and the story
    states; a valuation, a revenue figure, a price or an old figure of unknown role gives no magnitude
    (a company's listing value of years ago is not money moving today)."""
    for role in MONEY_ROLES:
        sized = [amount_part(a) for a in amounts if a.role == role]
        if sized:
            return max(sized)
    return 0.0


def amount_part(amount: Amount) -> float:
    """$1M -> 0, $1B -> 0.6, $100B -> 1; a price per month or seat says nothing about size."""
    usd = usd_value(amount)
    if usd is None or amount.period:
        return 0.0
    return _clamp((math.log10(usd) - 6) / 5) if usd > 0 else 0.0


def measure_part(measure: Measure) -> float:
    unit = str(measure.unit or "").upper()
    value = abs(measure.value)
    if unit in ("GW", "MW", "KW") and value:
        megawatts = value * {"GW": 1000.0, "MW": 1.0, "KW": 0.001}[unit]
        return _clamp(math.log10(megawatts) / 4) if megawatts > 0 else 0.0  # 1 MW -> 0, 10 GW -> 1
    if unit in ("GPU", "GPUS") and value:
        return _clamp((math.log10(value) - 3) / 3)  # a thousand GPUs -> 0, a million -> 1
    if unit == "CVSS":
        return _clamp((value - 4) / 6)  # medium 4 -> 0, critical 10 -> 1
    if unit == "CVE":
        return 0.3  # a named flaw: its size is the CVSS score, when the source gives one
    return 0.0


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))
