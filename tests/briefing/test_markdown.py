"""Markdown: quiet days, a subscriber's categories and watchlist, the word cap, links to sources."""

from __future__ import annotations

import re
from datetime import date

from core.categories import CATEGORIES
from models.db import session_scope
from pipeline.briefing import render_markdown
from pipeline.briefing.text import word_count
from tests.briefing.conftest import DAY1, DAY2, build
from tests.support.builders import crawl, document, source, tag

QUIET = date(2026, 4, 20)


def test_a_quiet_day_says_so_instead_of_padding(seeded):
    with session_scope(seeded.db_url) as session:
        document(
            session,
            url="https://www.theverge.com/2026/4/20/phone-review",
            title="Phone review: a week with the new flagship",
            publication="The Verge",
            source="theverge",
            published="2026-04-20T10:00",
        )
        crawl(session, "theverge", run_id="run-q", items=12, started="2026-04-20T06:00")
    briefing = build(seeded, QUIET, run_id="run-q")
    markdown = render_markdown(briefing)
    assert briefing.quiet is True and briefing.stories == [] and briefing.sections == []
    assert "A quiet day: no new signals in any category among 1 item from 1 source." in markdown
    assert "## Security" not in markdown and "## Actionable takeaways" not in markdown


def test_subscriber_categories_filter_the_sections(seeded):
    briefing = build(seeded, DAY2)
    markdown = render_markdown(briefing, categories=["security"])
    headings = re.findall(r"^## (.+)$", markdown, re.M)
    assert "Security" in headings
    assert not {"Infrastructure", "Capital", "Demand", "Policy"} & set(headings)
    assert "Halvard prices its AI security copilot" in markdown  # demand + security: shown to a security reader
    assert "Northwind Compute raises $1.2B" not in markdown
    full = render_markdown(briefing)
    assert "Northwind Compute raises $1.2B" in full and "## Infrastructure" in full


def test_a_filter_that_leaves_nothing_is_a_quiet_day_for_that_reader(seeded):
    build(seeded, DAY1)
    briefing = build(seeded, DAY2)
    markdown = render_markdown(briefing, categories=["policy"])  # the only policy story is a rerun
    assert "A quiet day: no new signals in these categories" in markdown
    assert "Still developing, nothing new today: [Kestrel Cloud faces EU antitrust probe" in markdown
    assert markdown.rstrip().endswith("0 stories.")


def test_subscriber_watchlist_adds_their_matches(seeded):
    briefing = build(seeded, DAY2)
    markdown = render_markdown(briefing, watchlist=["Orlin Memory", "Quasar Labs"])
    section = markdown.split("## Your watchlist", 1)[1].split("\n## ", 1)[0]
    assert "**Orlin Memory**: [Memory makers say HBM supply is sold out" in section
    assert "Nothing today on Quasar Labs." in section
    assert "## Your watchlist" not in render_markdown(briefing)


def test_every_story_links_its_sources_with_their_names(seeded):
    markdown = render_markdown(build(seeded, DAY2))
    assert (
        "3 sources: [TechCrunch](https://techcrunch.com/2026/04/15/northwind-compute-raises-1-2b-series-c/) · "
        "[DatacenterDynamics](https://www.datacenterdynamics.com/en/news/northwind-lands-12bn-for-abilene-campus/)"
    ) in markdown
    assert (
        "Coverage: 6 sources checked, 1 failed (securityweek); 115 items seen, 10 published this day; 6 stories."
        in markdown
    )


def test_body_stays_under_900_words_on_a_crowded_day(settings):
    with session_scope(settings.db_url) as session:
        source(session, "wire")
        for n in range(60):
            category = CATEGORIES[n % len(CATEGORIES)]
            summary = (
                f"Vendor{n} Corp said on Tuesday that its {category} programme number {n} will expand across "
                "three regions over the next two years, according to a filing. " * 2
            )
            tag(
                session,
                document(
                    session,
                    url=f"https://wire.example/{n}",
                    title=f"Vendor{n} Corp unveils {category} plan {n}",
                    summary=summary,
                    publication="Wire",
                    source="wire",
                    published=f"2026-04-15T{n % 24:02d}:{n:02d}",
                ),
                category,
                orgs=[f"Vendor{n} Corp"],
            )
    briefing = build(settings, DAY2)
    markdown = render_markdown(briefing)
    assert len(briefing.stories) == 60
    assert word_count(markdown) < 900
    assert re.search(r"^\[\d+ more \w+ stories in the archive\]\(http[^)]+/briefings/2026-04-15\)\.$", markdown, re.M)


def test_source_text_cannot_inject_markdown(settings):
    with session_scope(settings.db_url) as session:
        source(session, "wire")
        tag(
            session,
            document(
                session,
                url="https://wire.example/x",
                title="Breach at [Acme](javascript:alert(1)) <script>",
                summary="Attackers *claimed* access.",
                publication="Wire",
                source="wire",
                published="2026-04-15T10:00",
            ),
            "security",
            orgs=["Acme"],
        )
    import markdown as markdown_lib

    html = markdown_lib.markdown(render_markdown(build(settings, DAY2)))
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', html))
    assert "<script>" not in html and "<em>claimed</em>" not in html
    assert "[Acme](javascript:alert(1)) &lt;script&gt;" in html and "*claimed*" in html
