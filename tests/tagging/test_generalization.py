"""Rules by meaning, on new sentences written for these tests (none is from the development set).

General politics is not policy (policy is government acting on technology and business), reviews and
buying guides are none whatever they mention, the outlet that wrote an item is not one of its
organizations when it only reports, and AI products put in customers' hands are demand.
"""

from __future__ import annotations

import pytest

GENERAL_POLITICS = [
    ("Prime minister wins confidence vote as coalition government survives", "Parliament backed the cabinet 201-188."),
    ("Ceasefire talks resume as the war enters its third year", "Officials from both governments met in Doha."),
    ("Court sentences former mayor to six years for bribery", "The judge ruled the payments were illegal."),
    ("Election commission confirms the opposition leader's victory", "Voters turned out in record numbers."),
]
TECH_POLICY = [
    ("Court orders search giant to open its app store to rival payment systems", ""),
    ("Lawmakers pass bill requiring age checks on social media platforms", ""),
    ("Regulator fines telecom operator over a broadband merger", ""),
]
REVIEWS = [
    ("Best Password Managers of the Year", "Our picks after a breach-filled year; one had a serious security flaw."),
    ("Pixelbrook X2 Review: A Laptop With a Fast Chip and Poor Battery", "The new processor is quick."),
    ("The 7 Best Mesh Routers, Tested", "Each has patched a vulnerability this year."),
]
DEMAND = [
    ("Nimbusoft launches an AI-powered scheduling assistant for clinics", "The assistant books appointments by chat."),
    ("Harborline's coding agent can now open pull requests on its own", "The feature ships to all paid teams."),
    ("Navy signs contract to deploy AI chatbots for sailors' paperwork", ""),
    ("Fernwood's new AI platform lets banks automate compliance reviews", ""),
]


@pytest.mark.parametrize(("title", "summary"), GENERAL_POLITICS)
def test_general_politics_is_not_policy(tagger, title, summary):
    assert "policy" not in tagger.tag(title, summary).category_names


@pytest.mark.parametrize(("title", "summary"), TECH_POLICY)
def test_government_acting_on_technology_is_policy(tagger, title, summary):
    assert "policy" in tagger.tag(title, summary).category_names


def test_a_known_company_is_policy_context(tagger):
    assert "policy" in tagger.tag("Judge rules against Nvidia in patent dispute").category_names


@pytest.mark.parametrize(("title", "summary"), REVIEWS)
def test_reviews_and_buying_guides_are_none(tagger, title, summary):
    result = tagger.tag(title, summary)
    assert result.category_names == []


def test_review_cue_is_evidence_against_when_a_category_survives(tagger):
    result = tagger.tag("Best deals on cloud storage this week", "Hackers breached a rival's servers in March.")
    for category in result.categories:
        assert category.evidence.get("against")


@pytest.mark.parametrize(("title", "summary"), DEMAND)
def test_ai_products_in_customers_hands_are_demand(tagger, title, summary):
    assert "demand" in tagger.tag(title, summary).category_names


def test_the_publishing_outlet_is_not_an_org_when_it_only_reports(tagger):
    text = ("Shadow brokers sell fake visas online, BBC finds", "BBC Verify traced the sellers to three websites.")
    assert "BBC" not in {o.text for o in tagger.tag(*text).orgs}  # a credit is no mention, whoever publishes
    assert "BBC" not in {o.text for o in tagger.tag(*text, publication="BBC News").orgs}
    told = tagger.tag("Routers ship with default passwords", "Netgear told WIRED it will patch.", publication="WIRED")
    assert "WIRED" not in {o.text for o in told.orgs}


def test_the_outlet_stays_an_org_when_the_story_is_about_it(tagger):
    result = tagger.tag(
        "BBC to cut 500 jobs to fund streaming push", "The BBC said savings would reach £200m.", publication="BBC News"
    )
    assert "BBC" in {o.text for o in result.orgs}


def test_another_outlet_cited_as_source_is_not_an_org(tagger):
    result = tagger.tag("Chipmaker to build plant in Ohio, Nikkei reports", "", publication="Yahoo Finance")
    assert "Nikkei" not in {o.text for o in result.orgs}


def test_publication_flows_through_tag_many(tagger):
    items = [
        ("Leak site lists WIRED among its targets", "", "", "Wired"),
        ("Leak site lists WIRED among its targets", "", ""),
    ]
    first, second = tagger.tag_many(items)
    assert "WIRED" not in {o.text for o in first.orgs} and "WIRED" in {o.text for o in second.orgs}


@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("Why Norvane is buying Skylark—and what it means for your phone", "capital"),
        ("Tessaline is acquiring Quarrow, sources say", "capital"),
        ("Orbix locks in a $40M convertible financing facility", "capital"),
        ("Researchers find a side entrance into the Copilot memory store", "security"),
        ("Tool bypasses the encryption protecting Vantor's password vault", "security"),
        ("Ostrava v. Meridyn: court says AI chat logs are not privileged", "policy"),
        ("Pirate library loses $90M copyright case by default", "policy"),
    ],
)
def test_deals_bypasses_and_court_cases_are_read_as_they_are_written(title, category):
    from pipeline.tagging.tagger import Tagger

    rules = Tagger(model_dir=None)
    doc = rules.nlp.make_doc(title)
    read = rules._read(doc, None, title)
    assert category in rules.rule_evidence(title, *read.evidence_args).matched, title


@pytest.mark.parametrize(
    "title",
    [
        "He is buying Lego sets for his twins this year",
        "Surgeons bypass the blocked artery in a new procedure",
        "The home team won the case for a new stadium vote",
    ],
)
def test_look_alikes_of_those_rules_match_nothing(title):
    from pipeline.tagging.tagger import Tagger

    rules = Tagger(model_dir=None)
    doc = rules.nlp.make_doc(title)
    read = rules._read(doc, None, title)
    matched = rules.rule_evidence(title, *read.evidence_args).matched
    assert not {"capital", "security", "policy"} & set(matched), (title, matched)
