"""Stored rows and files: the Briefing upsert, stale stories, coverage from crawl runs, JSON and .md files."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from core.errors import InputError
from models.db import session_scope
from models.tables import Briefing, Document, Signal, Story
from pipeline.briefing import render_markdown, write_briefing_files
from pipeline.briefing.contracts import Briefing as BriefingContent
from pipeline.briefing.contracts import Failure
from tests.briefing.conftest import DAY2, build, by_title
from tests.support.builders import at


def test_rebuilding_a_day_updates_the_same_briefing_row(seeded):
    first = build(seeded, DAY2)
    second = build(seeded, DAY2)
    with session_scope(seeded.db_url) as session:
        rows = session.exec(select(Briefing).where(Briefing.day == DAY2)).all()
        assert len(rows) == 1
        assert rows[0].content == second.to_json()
        assert second.generated_at != first.generated_at
        assert rows[0].markdown == render_markdown(second)
        assert len(session.exec(select(Story).where(Story.day == DAY2)).all()) == len(second.stories)


def test_a_story_that_no_longer_forms_is_removed_on_rebuild(seeded):
    build(seeded, DAY2)
    breach = by_title(build(seeded, DAY2), "Northwind Compute discloses breach")
    with session_scope(seeded.db_url) as session:
        doc = session.exec(select(Document).where(Document.title.startswith("Northwind Compute discloses"))).one()
        for signal in session.exec(select(Signal).where(Signal.document_id == doc.id)).all():
            session.delete(signal)
    rebuilt = build(seeded, DAY2)
    assert breach.id not in {s.id for s in rebuilt.stories}
    with session_scope(seeded.db_url) as session:
        assert session.get(Story, breach.id) is None


def test_coverage_of_a_named_run_and_of_the_latest_runs(seeded):
    named = build(seeded, DAY2, run_id="run-d2").coverage
    assert named.sources_checked == 6 and named.sources_failed == ["securityweek"]
    assert named.failures == [Failure(source_key="securityweek", message="HTTP 503 from feed")]
    assert named.items_seen == 115 and named.items_in_window == 10
    earlier = build(seeded, DAY2, run_id="run-d1").coverage
    assert earlier.sources_checked == 2 and earlier.items_seen == 50 and earlier.sources_failed == []


def test_only_the_newest_tagger_version_counts(seeded):
    with session_scope(seeded.db_url) as session:
        doc = session.exec(select(Document).where(Document.title.startswith("Memory makers"))).one()
        session.add(
            Signal(
                document_id=doc.id,
                category="policy",
                score=0.9,
                decided_by="rule",
                tagger_version="tagger-test-0",
                created_at=at("2026-01-01T00:00"),
            )
        )
    briefing = build(seeded, DAY2)
    assert briefing.tagger_version == "tagger-test-1"
    assert by_title(briefing, "Memory makers").categories == ["infrastructure"]


def test_categories_restrict_the_built_briefing_and_bad_ones_are_named(seeded):
    briefing = build(seeded, DAY2, categories=["policy"])
    assert [s.title[:12] for s in briefing.stories] == ["Kestrel Clou"]
    assert [sec.category for sec in briefing.sections] == ["policy"]
    with pytest.raises(InputError, match="categories: unknown category 'sports'"):
        build(seeded, DAY2, categories=["policy", "sports"])


def test_briefing_files_are_written_under_home(seeded):
    briefing = build(seeded, DAY2)
    markdown = render_markdown(briefing)
    paths = write_briefing_files(seeded, briefing, markdown)
    assert paths["json"] == seeded.home / "briefings" / "2026-04-15.json"
    written = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert written == briefing.to_json() and BriefingContent.from_json(written) == briefing
    assert paths["md"].read_text(encoding="utf-8") == markdown
    contract = {
        "date",
        "generated_at",
        "tagger_version",
        "stories",
        "sections",
        "themes",
        "watchlist",
        "rising",
        "takeaways",
        "takeaway_details",
        "coverage",
        "quiet",
    }
    assert contract <= set(written)
    assert written["takeaways"] == [d["text"] for d in written["takeaway_details"]]
    story = written["stories"][0]
    assert {
        "id",
        "title",
        "summary",
        "categories",
        "score",
        "score_parts",
        "amounts",
        "orgs",
        "measures",
        "thread",
        "sources",
    } <= set(story)
    assert {"url", "publication", "source_key", "published_at", "tier"} == set(story["sources"][0])
