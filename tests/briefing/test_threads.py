"""Threading across days: continue yesterday's story, show only what is new, hold back a rerun."""

from __future__ import annotations

from models.db import session_scope
from models.tables import Story
from tests.briefing.conftest import DAY1, DAY2, build, by_title


def test_a_story_continuing_yesterday_links_to_it_and_shows_what_is_new(seeded):
    yesterday = build(seeded, DAY1)
    talks = by_title(yesterday, "Northwind Compute in talks")
    today = build(seeded, DAY2)
    story = by_title(today, "Northwind Compute raises $1.2B")
    thread = story.thread
    assert thread.parent_id == talks.id
    assert thread.first_seen == "2026-04-14"
    assert thread.status == "update"
    assert thread.new_since.amounts == ["$1.2 billion"]  # $1 billion was reported yesterday
    assert "TechCrunch" not in thread.new_since.sources
    assert set(thread.new_since.sources) == {"DatacenterDynamics", "Bloomberg"}
    # The summary moves to what a new outlet says instead of repeating yesterday's source.
    assert story.summary.startswith("Northwind Compute has closed a $1.2 billion funding round")
    with session_scope(seeded.db_url) as session:
        assert session.get(Story, story.id).parent_id == talks.id


def test_a_story_with_nothing_new_is_marked_continuing_and_left_out_of_sections(seeded):
    build(seeded, DAY1)
    today = build(seeded, DAY2)
    probe = by_title(today, "Kestrel Cloud faces EU antitrust probe")
    assert probe.thread.status == "continuing"
    assert probe.score_parts["novelty"] == 0.0
    assert all(probe.id not in section.story_ids for section in today.sections)
    assert today.coverage.continuing == 1


def test_without_yesterday_the_same_stories_are_new(seeded):
    today = build(seeded, DAY2)
    assert {s.thread.status for s in today.stories} == {"new"}
    assert all(s.thread.parent_id is None for s in today.stories)


def test_unrelated_stories_do_not_thread(seeded):
    build(seeded, DAY1)
    today = build(seeded, DAY2)
    for title in ("CISA Adds Halvard", "Northwind Compute discloses breach", "Memory makers say HBM"):
        assert by_title(today, title).thread.parent_id is None
