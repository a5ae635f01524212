"""The speed rewrites of the rule regexes (lower-cased text, lifted word boundary) find exactly what the
patterns as written find, on every shipped rule and on text that changes length when lower-cased."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.tagging.regexes import compile_rule
from pipeline.tagging.rules import load_rules

TEXTS = [
    "Startup Quillstream raises $45 million Series B; Fabrikam agreed to buy rival Northwind for $2.1 billion.",
    "PRAISES $5 were not funding. The SAFE Chips Act and the Cyber Trust Act passed; Sen. Doe backs the bill.",
    "Vendor deploys AI agents for enterprise customers; 40 million users pay $20/month. Flaws let attackers in.",
    "İstanbul court bans app; İ grows when lower-cased: raises $3 million, US regulators fine the firm $9M fine.",
    "ransomware-as-a-service APT29 RATs; 12% stake; Senate bans chips; the new law would ban exports.",
    "",
    "$",
    "raises",
    "Act",
]


def test_every_shipped_rule_matches_as_written():
    for rule in load_rules().regexes:
        for text in TEXTS:
            assert list(rule.finditer(text, text.lower())) == [m.span() for m in rule.exact.finditer(text)], (
                rule.category,
                rule.subtopic,
                rule.exact.pattern,
                text,
            )


@pytest.mark.parametrize(
    ("expression", "on_lower", "lifted"),
    [
        (r"(?i:\b(?:raises|lands)\s)MONEY", True, True),
        (r"\bthe\s(?:[A-Z]\w+\s){1,3}Act\b", False, True),  # case-sensitive: stays on the original text
        (r"(?i:\b(?:buy|buys))\s[A-Z]\w+", False, False),  # a case-insensitive word set keeps its boundary
        (r"(?:\bfoo|bar)baz", False, False),  # the boundary covers one branch only: not lifted
    ],
)
def test_rewrites_are_chosen_safely(expression, on_lower, lifted):
    rule = compile_rule("capital", "funding", expression, Path("x.json"))
    assert (rule.on_lower, rule.boundary) == (on_lower, lifted)
    for text in TEXTS + ["xfoobaz barbaz Foobaz FOObaz", "Buy Widgets; buys Gadgets"]:
        assert list(rule.finditer(text, text.lower())) == [m.span() for m in rule.exact.finditer(text)]
