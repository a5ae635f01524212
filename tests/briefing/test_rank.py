"""Ranking: the stored parts explain the score and the order."""

from __future__ import annotations

import pytest

from pipeline.briefing.rank import WEIGHTS, amount_part, corroboration_part, measure_part
from tests.briefing.conftest import DAY2, build, by_title


def test_score_is_the_weighted_sum_of_its_parts_and_orders_the_stories(seeded):
    briefing = build(seeded, DAY2)
    stories = briefing["stories"]
    for story in stories:
        assert set(story["score_parts"]) == set(WEIGHTS)
        assert story["score"] == pytest.approx(sum(WEIGHTS[k] * v for k, v in story["score_parts"].items()), abs=1e-4)
    assert [s["score"] for s in stories] == sorted((s["score"] for s in stories), reverse=True)
    assert briefing["score_weights"] == WEIGHTS


def test_corroborated_money_story_outranks_a_single_source_story_of_the_same_kind(seeded):
    briefing = build(seeded, DAY2)
    northwind = by_title(briefing, "Northwind Compute raises $1.2B")
    hbm = by_title(briefing, "Memory makers say HBM")
    assert northwind["score_parts"]["corroboration"] > hbm["score_parts"]["corroboration"]
    assert northwind["score_parts"]["magnitude"] > hbm["score_parts"]["magnitude"]
    assert northwind["score"] > hbm["score"]


def test_watchlist_match_adds_exactly_its_weight(seeded):
    plain = by_title(build(seeded, DAY2), "Memory makers say HBM")
    seeded.watchlist = ["Orlin Memory"]
    watched = by_title(build(seeded, DAY2), "Memory makers say HBM")
    assert (plain["score_parts"]["watchlist"], watched["score_parts"]["watchlist"]) == (0.0, 1.0)
    assert watched["score"] - plain["score"] == pytest.approx(WEIGHTS["watchlist"], abs=1e-4)


def test_tiers_weigh_corroboration_primary_over_press_over_community():
    one = lambda tier: corroboration_part([{"publication": "X", "tier": tier}], [])  # noqa: E731
    assert one("primary") > one("press") > one("aggregator") > one("community")
    # The same outlet twice is one source; a "More:" mention counts, less than a source read.
    twice = corroboration_part([{"publication": "X", "tier": "press"}] * 2, [])
    assert twice == one("press")
    assert one("press") < corroboration_part([{"publication": "X", "tier": "press"}], ["Reuters"]) < \
        corroboration_part([{"publication": "X", "tier": "press"}, {"publication": "Reuters", "tier": "press"}], [])


def test_magnitude_is_logarithmic_and_ignores_prices_per_period():
    assert amount_part({"value": 1e6, "currency": "USD"}) == 0.0
    assert amount_part({"value": 1e9, "currency": "USD"}) == pytest.approx(0.6)
    assert amount_part({"value": 1e11, "currency": "USD"}) == 1.0
    assert amount_part({"value": 1e9, "currency": "EUR"}) > amount_part({"value": 1e9, "currency": "USD"})
    assert amount_part({"value": 200, "currency": "USD", "period": "month"}) == 0.0
    assert measure_part({"value": 1, "unit": "GW"}) == pytest.approx(0.75)
    assert measure_part({"value": 9.8, "unit": "CVSS"}) > measure_part({"value": 5.0, "unit": "CVSS"})
