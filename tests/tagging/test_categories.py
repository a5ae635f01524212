"""Categories on new sentences (not from the development set): positives, negatives, the taxonomy's hard pairs."""

from __future__ import annotations

import pytest

POSITIVE = [
    ("infrastructure", "Utility signs 2 GW power deal to feed a new AI data center campus", ""),
    ("infrastructure", "Memory makers warn the HBM shortage will last into 2028", "DRAM prices keep climbing."),
    ("infrastructure", "Operators lay a new subsea cable between Lisbon and Singapore", ""),
    ("capital", "Startup Quillstream raises $45 million Series B led by Sequoia", ""),
    ("capital", "Fabrikam agrees to acquire rival Northwind in a $2.1 billion deal", ""),
    ("capital", "Chip designer Orinoco files for IPO on Nasdaq", ""),
    ("security", "Hackers breach hospital chain and steal patient records", ""),
    ("security", "Critical flaw in VPN gateways is actively exploited, CISA warns", "Patch now."),
    ("security", "New ransomware strain encrypts backup servers at logistics firms", ""),
    ("security", "Attackers breach the internal network of a payroll processor", "Customer records were taken."),
    ("security", "Oracle warns of a vulnerability in its database server", "CVE-2026-21001 rated CVSS 9.8."),
    ("security", "Vendor ships fix for CVE-2026-4410 in its monitoring agent", ""),
    ("demand", "Chatbot maker says its AI assistant now has 40 million paying subscribers", ""),
    ("demand", "Insurer rolls out AI agents to handle claims for enterprise customers", ""),
    ("policy", "Senate passes bill to restrict AI chip exports to China", ""),
    ("policy", "Judge rules the app store ban violates antitrust law", ""),
    ("policy", "European Commission opens antitrust investigation into cloud contracts", ""),
]
NEGATIVE = [
    ("infrastructure", "New phone ships with a faster chip and a brighter screen", "Our review of the handset."),
    ("capital", "Regulator fines carrier $40 million in settlement over robocalls", ""),
    ("security", "Streaming service suffers a two-hour outage on Sunday night", ""),
    # The taxonomy's security is the trust of systems: the same words with no technology in sight are not it.
    ("security", "Age increases the vulnerability of women to autoimmune disease", "A study of gene expression."),
    ("security", "Minister urges an end to attacks as surveillance flights continue over the border", ""),
    ("security", "Club says rival breached the transfer agreement for its striker", ""),
    ("demand", "Study finds generative AI is reshaping the entry-level job market", "Researchers surveyed workers."),
    ("policy", "Chipmaker names a new head of policy and communications", ""),
]
NONE = [
    "The best noise-cancelling headphones to buy this year",
    "Our favorite cheap laptop deals: save $200 on a gaming notebook",
    "Indie game about a lighthouse keeper tops the charts",
    "Actor says AI is the future of film at festival premiere",
]


@pytest.mark.parametrize(("category", "title", "summary"), POSITIVE)
def test_positive(tagger, category, title, summary):
    assert category in tagger.tag(title, summary).category_names


@pytest.mark.parametrize(("category", "title", "summary"), NEGATIVE)
def test_negative(tagger, category, title, summary):
    assert category not in tagger.tag(title, summary).category_names


@pytest.mark.parametrize("title", NONE)
def test_none_items_get_no_category(tagger, title):
    assert tagger.tag(title).category_names == []


@pytest.mark.parametrize(
    ("left", "left_expected", "right", "right_expected"),
    [
        (
            "Apple raises the Mac Mini's starting price",
            set(),
            "Apple hit record sales but a chip shortage looms",
            {"infrastructure"},
        ),
        (
            "Yann LeCun to depart Meta and launch an AI start-up",
            set(),
            "Yann LeCun raises $1 billion for his new lab",
            {"capital"},
        ),
        (
            "Drone strikes damage data centers in the Gulf",
            {"infrastructure"},
            "Ransomware hits a data-center operator",
            {"security"},
        ),
        (
            "Google to buy Wiz for $32 billion",
            {"capital"},
            "Critical flaw in Wiz agent lets attackers take over hosts",
            {"security"},
        ),
    ],
)
def test_hard_pairs(tagger, left, left_expected, right, right_expected):
    assert set(tagger.tag(left).category_names) == left_expected
    assert set(tagger.tag(right).category_names) == right_expected


def test_decision_is_explained(tagger):
    result = tagger.tag(
        "Startup Quillstream raises $45 million Series B", "The company will hire engineers. Investors include Sequoia."
    )
    (capital,) = [c for c in result.categories if c.category == "capital"]
    assert capital.decided_by in {"rule", "rule+model"}
    assert capital.evidence["sentence"] == "Startup Quillstream raises $45 million Series B"
    assert {"rule": "capital/funding"}.items() <= capital.evidence["spans"][0].items()
    assert 0.0 <= capital.score <= 1.0 and capital.evidence["rule_score"] >= 0.85


def test_export_controls_are_infrastructure_and_policy(tagger):
    names = tagger.tag("Commerce Department tightens export controls on AI chips").category_names
    assert {"infrastructure", "policy"} <= set(names)


def test_security_vendor_funding_is_capital_only(tagger):
    names = tagger.tag("Cybersecurity startup Vigilo raises $60 million to fight phishing").category_names
    assert "capital" in names


def test_a_category_the_model_has_not_learned_is_decided_by_its_rules(tagger):
    """A category added to the registry after the model was trained: the model has no vote for it."""
    import copy
    import dataclasses

    text = "Startup Quillstream raises $45 million Series B"
    [learned] = tagger.tag(text).categories
    unaware = copy.copy(tagger)
    kept = [i for i, c in enumerate(tagger.model.categories) if c != "capital"]
    unaware.model = dataclasses.replace(
        tagger.model,
        categories=tuple(tagger.model.categories[i] for i in kept),
        weights=tagger.model.weights[:, kept],
        bias=tagger.model.bias[kept],
    )
    [unlearned] = unaware.tag(text).categories
    assert (learned.category, learned.decided_by) == ("capital", "rule+model")
    assert (unlearned.category, unlearned.decided_by, unlearned.evidence.get("model_score")) == (
        "capital",
        "rule",
        None,
    )
