"""Ranking: the stored parts explain the score and the order."""

from __future__ import annotations

import pytest

from pipeline.briefing.contracts import Amount, Measure, StorySource
from pipeline.briefing.rank import WEIGHTS, amount_part, corroboration_part, measure_part, money_part
from tests.briefing.conftest import DAY2, build, by_title


def test_score_is_the_weighted_sum_of_its_parts_and_orders_the_stories(seeded):
    briefing = build(seeded, DAY2)
    stories = briefing.stories
    for story in stories:
        assert set(story.score_parts) == set(WEIGHTS)
        assert story.score == pytest.approx(sum(WEIGHTS[k] * v for k, v in story.score_parts.items()), abs=1e-4)
    assert [s.score for s in stories] == sorted((s.score for s in stories), reverse=True)
    assert briefing.score_weights == WEIGHTS


def test_corroborated_money_story_outranks_a_single_source_story_of_the_same_kind(seeded):
    briefing = build(seeded, DAY2)
    northwind = by_title(briefing, "Northwind Compute raises $1.2B")
    hbm = by_title(briefing, "Memory makers say HBM")
    assert northwind.score_parts["corroboration"] > hbm.score_parts["corroboration"]
    assert northwind.score_parts["magnitude"] > hbm.score_parts["magnitude"]
    assert northwind.score > hbm.score


def test_watchlist_match_adds_exactly_its_weight(seeded):
    plain = by_title(build(seeded, DAY2), "Memory makers say HBM")
    seeded.watchlist = ["Orlin Memory"]
    watched = by_title(build(seeded, DAY2), "Memory makers say HBM")
    assert (plain.score_parts["watchlist"], watched.score_parts["watchlist"]) == (0.0, 1.0)
    assert watched.score - plain.score == pytest.approx(WEIGHTS["watchlist"], abs=1e-4)


def _source(publication: str, tier: str = "press") -> StorySource:
    return StorySource(url=f"https://{publication.lower()}.example/", publication=publication, tier=tier)


def _usd(value: float, currency: str = "USD", period: str | None = None, role: str = "raised") -> Amount:
    return Amount(text=str(value), value=value, currency=currency, period=period, role=role)


def test_tiers_weigh_corroboration_primary_over_press_over_community():
    one = lambda tier: corroboration_part([_source("X", tier)], [])  # noqa: E731
    assert one("primary") > one("press") > one("aggregator") > one("community")
    # The same outlet twice is one source; a "More:" mention counts, less than a source read.
    twice = corroboration_part([_source("X")] * 2, [])
    assert twice == one("press")
    assert (
        one("press")
        < corroboration_part([_source("X")], ["Reuters"])
        < corroboration_part([_source("X"), _source("Reuters")], [])
    )


def test_magnitude_is_logarithmic_and_ignores_prices_per_period():
    assert amount_part(_usd(1e6)) == 0.0
    assert amount_part(_usd(1e9)) == pytest.approx(0.6)
    assert amount_part(_usd(1e11)) == 1.0
    assert amount_part(_usd(1e9, "EUR")) > amount_part(_usd(1e9))
    assert amount_part(_usd(200, period="month")) == 0.0
    assert measure_part(Measure(text="1 GW", value=1, unit="GW")) == pytest.approx(0.75)
    cvss = lambda score: measure_part(Measure(text=f"CVSS {score}", value=score, unit="CVSS"))  # noqa: E731
    assert cvss(9.8) > cvss(5.0)


def test_magnitude_reads_one_role_and_never_an_old_valuation():
    """ "$2B raised toward a $5B goal, part of a $20B plan": the raise sizes the story, nothing is summed or
    maxed across roles; a company's listing value of 2021 gives no magnitude at all."""
    raised, goal, plan = _usd(2e9), _usd(5e9, role="target"), _usd(20e9, role="other")
    assert money_part([plan, goal, raised]) == amount_part(raised) < amount_part(goal)
    assert money_part([goal, plan]) == amount_part(goal)
    assert money_part([_usd(4e9, role="valuation")]) == 0.0
    assert money_part([_usd(4e9, role="other"), _usd(39e6, role="deal")]) == amount_part(_usd(39e6))
    assert money_part([]) == 0.0
