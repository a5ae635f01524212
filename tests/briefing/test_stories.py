"""Clustering: one story per event across outlets, and different events of one company kept apart."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from models.db import session_scope
from models.tables import StoryDocument
from pipeline.briefing.corpus import Item
from pipeline.briefing.stories import cluster_items
from tests.briefing.conftest import DAY2, build, by_title
from tests.support.builders import document, source, tag


def test_one_event_from_three_outlets_is_one_story(seeded):
    briefing = build(seeded, DAY2)
    story = by_title(briefing, "Northwind Compute raises $1.2B")
    assert sorted(s.publication for s in story.sources) == ["Bloomberg", "DatacenterDynamics", "TechCrunch"]
    assert story.amounts[0].text == "$1.2 billion"
    assert story.also_reported_by == ["The Information", "Reuters"]


def test_different_events_of_one_company_stay_apart(seeded):
    briefing = build(seeded, DAY2)
    northwind = [s for s in briefing.stories if "Northwind Compute" in s.orgs]
    assert len(northwind) == 2
    breach = by_title(briefing, "Northwind Compute discloses breach")
    assert [s.publication for s in breach.sources] == ["BleepingComputer"]
    assert breach.categories == ["security"]


def test_items_without_a_signal_never_become_stories(seeded):
    briefing = build(seeded, DAY2)
    assert not [s for s in briefing.stories if "keyboards" in s.title]
    assert briefing.coverage.items_in_window == 10


def test_story_rows_link_every_document_and_ids_are_stable(seeded):
    first = build(seeded, DAY2)
    second = build(seeded, DAY2)
    assert [s.id for s in first.stories] == [s.id for s in second.stories]
    with session_scope(seeded.db_url) as session:
        links = session.exec(select(StoryDocument)).all()
    assert len(links) == sum(len(s.sources) for s in second.stories)


def test_same_company_two_deals_same_day_stay_apart(settings):
    """Two capital stories of one company, both about Texas power: shared org and words, different events."""
    with session_scope(settings.db_url) as session:
        source(session, "techcrunch")
        source(session, "theregister")
        tag(
            session,
            document(
                session,
                url="https://techcrunch.com/a",
                title="Northwind Compute raises $1.2B to build a 500MW AI campus in Texas",
                summary="The round, led by Crestline Capital, funds a campus near Abilene.",
                publication="TechCrunch",
                source="techcrunch",
                published="2026-04-15T09:00",
            ),
            "capital",
            orgs=["Northwind Compute", "Crestline Capital"],
            amounts=[("$1.2B", 1.2e9, "USD")],
        )
        tag(
            session,
            document(
                session,
                url="https://theregister.com/b",
                title="Northwind Compute signs $300M power deal with Brightline Energy",
                summary="The 15-year agreement supplies gas-fired power to Northwind's sites in West Texas.",
                publication="The Register",
                source="theregister",
                published="2026-04-15T11:00",
            ),
            "capital",
            orgs=["Northwind Compute", "Brightline Energy"],
            amounts=[("$300M", 3e8, "USD")],
        )
    briefing = build(settings, DAY2)
    assert len(briefing.stories) == 2


def _item(n: int, title: str, publication: str, extra: dict | None = None, orgs=()) -> Item:
    return Item(
        n,
        f"https://example.com/{n}",
        title,
        "",
        publication,
        "feed",
        "press",
        datetime(2026, 4, 15, n, tzinfo=UTC),
        extra or {},
        {"capital": 0.9},
        {},
        list(orgs),
    )


def test_an_aggregator_cluster_joins_items_whatever_their_words():
    items = [
        _item(1, "Orlin Memory books record quarter", "Reuters", {"cluster": "260415p3"}),
        _item(2, "HBM maker's shares jump on guidance", "Bloomberg", {"cluster": "260415p3"}),
    ]
    assert len(cluster_items(items)) == 1


def test_a_more_list_linking_the_article_joins_it_whatever_its_words():
    items = [
        _item(
            1,
            "Orlin Memory books record quarter",
            "Techmeme",
            {"related_outlets": [{"name": "Reuters", "url": "https://example.com/2"}]},
        ),
        _item(2, "HBM maker's shares jump on guidance", "Reuters"),
    ]
    assert len(cluster_items(items)) == 1


def test_different_aggregator_clusters_are_never_joined():
    title = "Kestrel Cloud faces EU antitrust probe over AI bundling"
    items = [_item(1, title, "Reuters", {"cluster": "260415p3"}), _item(2, title, "Bloomberg", {"cluster": "260415p9"})]
    assert len(cluster_items(items)) == 2


def test_a_more_list_naming_the_outlet_tips_a_close_pair():
    """Close but not close enough on words alone; Techmeme's More: list naming the other outlet decides."""
    background = [
        _item(n, t, "The Register")
        for n, t in enumerate(
            [
                "Kestrel Cloud faces EU antitrust probe over AI bundling",
                "Halvard patches exploited Gateway zero-day",
                "Northwind Compute raises $1.2B Series C",
            ],
            start=10,
        )
    ]
    a_title = "Orlin Memory books record quarter on AI accelerator orders"
    a = _item(1, a_title, "Reuters", orgs=["Orlin Memory"])
    b = _item(2, "Memory prices climb as HBM supply tightens, Orlin says", "IEEE Spectrum", orgs=["Orlin Memory"])
    vouched = _item(1, a_title, "Reuters", {"related_outlets": ["IEEE Spectrum", "Bloomberg"]}, orgs=["Orlin Memory"])
    assert len(cluster_items([a, b, *background])) == 5
    assert len(cluster_items([vouched, b, *background])) == 4


def test_clustering_does_not_depend_on_input_order():
    items = [
        _item(i, t, p, orgs=o)
        for i, (t, p, o) in enumerate(
            [
                ("Halvard patches exploited Gateway zero-day", "SecurityWeek", ["Halvard Systems"]),
                ("CISA adds Halvard Gateway flaw to exploited list", "CISA", ["Halvard Systems", "CISA"]),
                ("Kestrel Cloud faces EU antitrust probe", "The Register", ["Kestrel Cloud"]),
            ],
            start=1,
        )
    ]
    forward = [[it.doc_id for it in c.items] for c in cluster_items(items)]
    backward = [[it.doc_id for it in c.items] for c in cluster_items(list(reversed(items)))]
    assert forward == backward


def test_a_rare_name_the_tagger_missed_joins_two_outlets_telling_one_event():
    """Real headlines of 2026-04-15: the tagger knew no "Allbirds", the words alone score under the bar."""
    items = [
        _item(1, "Allbirds Is Pivoting to AI Compute. Sure, Why Not", "WIRED"),
        _item(2, 'Allbirds abandons clothes, pivots to "AI compute infrastructure"', "Ars Technica"),
        _item(3, "Hightouch reaches $100M ARR fueled by marketing tools powered by AI", "TechCrunch"),
    ]
    clusters = cluster_items(items)
    assert sorted(len(c.items) for c in clusters) == [1, 2]


def test_a_shared_word_of_a_known_organization_name_is_not_a_rare_name():
    items = [
        _item(1, "Northwind Compute raises $1.2B for a Texas campus", "TechCrunch", orgs=["Northwind Compute"]),
        _item(2, "Northwind Compute discloses breach of its console", "BleepingComputer", orgs=["Northwind Compute"]),
    ]
    assert len(cluster_items(items)) == 2


def test_the_outlet_that_wrote_an_item_is_not_one_of_its_organizations(settings):
    with session_scope(settings.db_url) as session:
        source(session, "wired")
        source(session, "cisa", tier="primary")
        tag(
            session,
            document(
                session,
                url="https://wired.com/r",
                title="WIRED's guide to data-center power deals",
                publication="WIRED",
                source="wired",
                published="2026-04-15T09:00",
            ),
            "infrastructure",
            orgs=["WIRED", "Constellation Energy"],
        )
        tag(
            session,
            document(
                session,
                url="https://cisa.gov/a",
                title="CISA adds one known exploited vulnerability",
                publication="CISA",
                source="cisa",
                published="2026-04-15T10:00",
            ),
            "security",
            orgs=["CISA"],
        )
    briefing = build(settings, DAY2)
    orgs = {s.title[:5]: s.orgs for s in briefing.stories}
    assert orgs["WIRED"] == ["Constellation Energy"]
    assert orgs["CISA "] == ["CISA"], "a primary source is an actor in its own advisory"
