"""Actionable takeaways: rules by category and subtopic, each tied to the stories that prompt it.

A rule fires on the ranked stories whose category and wording match; its advice is fixed text, and the
stories it cites are the evidence. One takeaway per rule, strongest story first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.briefing.contracts import Story, Takeaway

MAX_TAKEAWAYS = 5
MAX_CITED = 3


@dataclass(frozen=True)
class Rule:
    name: str
    category: str
    pattern: re.Pattern
    advice: str  # {orgs}: the lead organization of each cited story
    unnamed: str = ""  # the advice when no cited story names one; by default `advice` without "({orgs})"

    def text(self, orgs: str) -> str:
        if orgs:
            return self.advice.format(orgs=orgs)
        return self.unnamed or re.sub(r"\s*\(\{orgs\}\)", "", self.advice)


def _words(expr: str) -> re.Pattern:
    return re.compile(rf"\b(?:{expr})", re.IGNORECASE)


RULES = (
    Rule(
        "patch-exposure",
        "security",
        _words(r"vulnerab|flaw|zero-day|0-day|exploit|patch|CVE-|bug"),
        "Check exposure and patch status ({orgs}); exploited flaws move fast.",
    ),
    Rule(
        "breach-review",
        "security",
        _words(r"breach|leak|ransomware|stole|hack|malware|compromis"),
        "Review access, keys and data shared with the compromised vendor ({orgs}).",
        # An attack whose victim is no vendor of anyone's ("hackers hit a power plant") is threat news.
        "Check detection and defenses against the attack activity reported; brief the teams it concerns.",
    ),
    Rule(
        "power-capacity",
        "infrastructure",
        _words(r"power|grid|GW\b|MW\b|nuclear|energy|electric"),
        "Build power availability into capacity plans ({orgs}).",
    ),
    Rule(
        "chip-supply",
        "infrastructure",
        _words(r"chip|GPU|memory|DRAM|HBM|shortage|fab|wafer|supply"),
        "Expect tight accelerator and memory supply; confirm reservations and lead times with vendors ({orgs}).",
    ),
    Rule(
        "datacenter-capacity",
        "infrastructure",
        _words(r"data cent|datacent|cloud region|capacity"),
        "Compute capacity is shifting ({orgs}); revisit region and provider choices.",
    ),
    Rule(
        "vendor-ownership",
        "capital",
        _words(r"acqui|merger|takeover|to buy|buys|stake"),
        "Vendor ownership is changing ({orgs}); check contract terms, roadmaps and exit clauses.",
    ),
    Rule(
        "vendor-funding",
        "capital",
        _words(r"raise|funding|round|valuation|invest|IPO|debt"),
        "Fresh money for vendors ({orgs}): expect aggressive pricing; revisit build-or-buy calls.",
    ),
    Rule(
        "trade-controls",
        "policy",
        _words(r"export|tariff|sanction"),
        "Check hardware and supplier exposure to new trade controls ({orgs}).",
    ),
    Rule(
        "legal-review",
        "policy",
        _words(r"law|bill|regulat|court|ruling|lawsuit|antitrust|fine|settle|ban"),
        "Ask counsel whether new rules and rulings touch your products or vendors ({orgs}).",
    ),
    Rule(
        "ai-pricing",
        "demand",
        _words(r"price|pricing|\$|per month|a month|subscription|plan|limit"),
        "Benchmark AI spend against new pricing and limits ({orgs}).",
    ),
    Rule(
        "ai-adoption",
        "demand",
        _words(r"customer|adopt|deploy|enterprise|revenue|ARR|users"),
        "Compare AI adoption moves with your own roadmap ({orgs}).",
    ),
)


def find_takeaways(stories: list[Story]) -> list[Takeaway]:
    """One takeaway per rule that fires, ordered by the score of each takeaway's strongest story."""
    found, used = [], set()
    for rule in RULES:
        cited = [s for s in stories if _fires(rule, s) and s.id not in used][:MAX_CITED]
        if not cited:
            continue
        used.update(s.id for s in cited)
        found.append(
            (
                max(s.score for s in cited),
                rule.name,
                Takeaway(text=rule.text(_orgs(cited)), story_ids=[s.id for s in cited], rule=rule.name),
            )
        )
    found.sort(key=lambda f: (-f[0], f[1]))
    return [entry for _, _, entry in found[:MAX_TAKEAWAYS]]


def _fires(rule: Rule, story: Story) -> bool:
    if rule.category not in story.categories:
        return False
    text = " ".join([story.title, story.summary] + [m.text for m in story.measures])
    return bool(rule.pattern.search(text))


def _orgs(stories: list[Story]) -> str:
    names: list[str] = []
    for story in stories:
        if story.orgs and story.orgs[0] not in names:
            names.append(story.orgs[0])
    return ", ".join(names)
