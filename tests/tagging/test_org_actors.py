"""Organizations that are actors: publications, credits, descriptive capitalized phrases and canonical names.

Every sentence here is written for the test (none is a labeled item), so the rules are checked as rules.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.tagging.orgs import _description, gazetteer, org_kinds, together_names
from pipeline.tagging.stream import parse_line, tag_stream


def orgs(result) -> set[str]:
    return {o.canonical or o.text for o in result.orgs}


# -- 1. publications are not organizations of the stories they report


def test_own_publication_mentioned_in_passing_is_dropped(tagger):
    result = tagger.tag(
        "Marlowe Robotics opens a depot near Leeds",
        "The Guardian visited the site, where Marlowe Robotics will assemble arms.",
        publication="The Guardian",
    )
    assert "The Guardian" not in orgs(result) and "Marlowe Robotics" in orgs(result)


def test_own_publication_matches_through_its_aliases(tagger):
    text = ("Tollgate Labs raises $12 million", "Tollgate Labs shared its deck with WSJ reporters last week.")
    assert "The Wall Street Journal" not in orgs(tagger.tag(*text, publication="The Wall Street Journal"))
    assert "The Wall Street Journal" not in orgs(tagger.tag(*text, publication="Wall Street Journal"))


def test_a_publication_that_acts_is_kept(tagger):
    sues = tagger.tag("The Guardian sues Brightloom over scraped archives", "", publication="The Guardian")
    assert {"The Guardian", "Brightloom"} <= orgs(sues)
    object_of = tagger.tag("Brightloom settles a lawsuit against The Guardian", "", publication="The Guardian")
    assert "The Guardian" in orgs(object_of)


def test_a_primary_source_keeps_itself_as_actor(tagger):
    """An agency's own notice names the agency as the actor; only a credit of it would go."""
    result = tagger.tag(
        "CISA adds two router flaws to its catalog", "CISA urges agencies to patch.", publication="CISA"
    )
    assert "CISA" in orgs(result)


@pytest.mark.parametrize(
    "title",
    [
        "Financial Times: Quarrystone Energy weighs a sale of its grid unit",
        "Quarrystone Energy weighs a sale of its grid unit (Priya Nair/Bloomberg)",
        "Quarrystone Energy weighs a sale of its grid unit, according to Bloomberg",
        "Quarrystone Energy weighs a sale of its grid unit, Reuters reports",
    ],
)
def test_credits_are_not_mentions(tagger, title):
    found = orgs(tagger.tag(title, "", publication="Techmeme"))
    assert not {"Financial Times", "Bloomberg", "Reuters"} & found


def test_a_credited_outlet_that_also_acts_stays(tagger):
    result = tagger.tag("Reuters signs a licensing deal with Kestrel AI, Bloomberg reports", "", publication="Axios")
    assert "Reuters" in orgs(result) and "Bloomberg" not in orgs(result)


def test_publication_threads_through_the_tag_stream(tagger):
    line = {"id": 1, "title": "Leak site lists WIRED among its targets", "publication": "Wired"}
    assert parse_line(json.dumps(line), 1)[-1] == "Wired"
    out = io.StringIO()
    tag_stream([json.dumps(line), json.dumps({**line, "id": 2, "publication": None})], out, io.StringIO(), tagger)
    first, second = (json.loads(row) for row in out.getvalue().splitlines())
    assert "WIRED" not in {o["text"] for o in first["orgs"]} and "WIRED" in {o["text"] for o in second["orgs"]}


def test_a_publication_that_is_not_a_string_is_refused():
    from core.errors import InputError

    with pytest.raises(InputError, match="publication"):
        parse_line(json.dumps({"id": 1, "title": "x", "publication": 3}), 1)


def _sources_names() -> list[str]:
    import tomllib

    from pipeline.demo.outlets import OUTLETS

    root = Path(__file__).parents[2]
    sources = tomllib.loads((root / "pipeline/config/sources.toml").read_text(encoding="utf-8"))["sources"]
    return [s["name"] for s in sources] + [o.name for o in OUTLETS]


def test_every_news_source_is_a_known_publication():
    """The sources file and the demo's outlets name publications the gazetteer knows, so their credits go."""
    from pipeline.tagging.outlet import _outlet_keys

    media = {name for name, canonical in gazetteer().items() if org_kinds().get(canonical) == "media"}
    known = {key for name in media for key in _outlet_keys(name)}
    primary = {name for name, canonical in gazetteer().items() if org_kinds().get(canonical) != "media"}
    missing = [
        name
        for name in _sources_names()
        if not _outlet_keys(name) & known and name.split(" ")[0] not in primary  # "NIST News", "CISA ..."
    ]
    # "Nature" stays out: the gazetteer matches names as written, and the word opens ordinary sentences. As an
    # item's own publication it is still dropped, by name.
    assert missing == ["Nature"]


# -- 2. capitalized phrases that are not names


@pytest.mark.parametrize(
    "phrase",
    ["Operating Group", "Senior Advisory Council", "Fraud Detection Systems", "Outlook New Technology", "HR", "PR"],
)
def test_descriptive_phrases_are_not_names(phrase):
    assert _description(phrase)


@pytest.mark.parametrize("name", ["Marlowe Robotics", "Georgia Power", "Tollgate Labs", "Kestrel AI", "1X", "HP"])
def test_names_with_a_name_like_word_stay(name):
    assert not _description(name)


def test_generic_phrases_in_company_roles_are_not_reported(tagger):
    result = tagger.tag(
        "Utility Operations Group raises rates as Customer Analytics Systems signs deal",
        "The Chief Technology officer of Marlowe Robotics said FY results would follow.",
    )
    found = orgs(result)
    descriptions = {"Utility Operations Group", "Operations Group", "Customer Analytics Systems", "Chief Technology"}
    assert not descriptions & found
    assert "FY" not in found and "Marlowe Robotics" in found


def test_a_known_makers_product_phrase_is_not_a_company(tagger):
    found = orgs(tagger.tag("Outlook Mobile Systems is acquired", "Microsoft said Outlook Mobile Systems shipped."))
    assert "Outlook Mobile Systems" not in found and "Microsoft" in found


# -- 3. one canonical name per company, aliases as data


def test_aliases_give_one_canonical_entry(tagger):
    result = tagger.tag("Facebook owner settles with the DOJ", "Meta Platforms and the Justice Department agreed.")
    names = [o.canonical for o in result.orgs]
    assert names.count("Meta") == 1 and names.count("Department of Justice") == 1


def test_holding_company_beside_its_operating_company_is_one_actor(tagger):
    both = [o.canonical for o in tagger.tag("Alphabet unit Google trims cloud prices", "").orgs]
    assert both.count("Google") == 1 and "Alphabet" not in both
    alone = [o.canonical for o in tagger.tag("Alphabet shares slide after earnings miss", "").orgs]
    assert alone == ["Alphabet"]


def test_aliases_are_data():
    names = gazetteer()
    assert names["AWS"] == "Amazon Web Services" and names["Facebook"] == "Meta"
    assert names["DOJ"] == "Department of Justice" and names["Pentagon"] == "Department of Defense"
    assert together_names()["Alphabet"] == "Google"
    assert all(canonical in set(names.values()) for canonical in together_names().values())


def test_an_outlet_credited_by_its_kind_is_a_credit(tagger):
    result = tagger.tag(
        "Heatwave grounds flights in Osaka", "Trains stopped too, according to news outlet The Asahi Shimbun."
    )
    assert "Asahi" not in orgs(result)


def test_a_brand_named_beside_its_parent_is_the_parent(tagger):
    result = tagger.tag("Ticketmaster loses its appeal", "Live Nation-Ticketmaster said it would fight on.")
    assert orgs(result) == {"Live Nation"}
    assert orgs(tagger.tag("Ticketmaster raises its fees")) == {"Ticketmaster"}
    assert "Slackbot" not in orgs(tagger.tag("Salesforce rolls out Slackbot agents"))
