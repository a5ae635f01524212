"""A plain keyword baseline: a category whenever one of a few obvious words appears.

It exists only to be beaten: `signaldesk eval` scores it next to the tagger so the lift of rules by
meaning plus a trained classifier is visible. Deterministic, no model.
"""

from __future__ import annotations

import re

from pipeline.tagging.results import CATEGORIES

KEYWORDS = {
    "infrastructure": ("data center", "data centre", "chip", "chips", "gpu", "semiconductor", "electricity"),
    "capital": ("raises", "funding", "acquire", "acquires", "acquisition", "ipo", "valuation", "invest"),
    "security": ("hack", "hackers", "breach", "vulnerability", "malware", "ransomware", "cyberattack"),
    "demand": ("ai agent", "ai agents", "assistant", "subscription", "users", "customers", "chatbot"),
    "policy": ("law", "court", "regulator", "ban", "lawsuit", "government", "ftc", "antitrust"),
}
_PATTERNS = {c: re.compile(r"\b(?:" + "|".join(map(re.escape, KEYWORDS[c])) + r")\b") for c in CATEGORIES}


def keyword_categories(title: str, summary: str = "") -> frozenset[str]:
    text = f"{title}\n{summary}".lower()
    return frozenset(c for c in CATEGORIES if _PATTERNS[c].search(text))


_MONEY = re.compile(r"[$€£]\d[\d,.]*(?:\s?(?:million|billion|trillion|bn|[mbk]))?", re.IGNORECASE)
_CAPITALIZED = re.compile(r"\b[A-Z][A-Za-z0-9]+(?:\s[A-Z][A-Za-z0-9]+)*")


def keyword_amounts(title: str, summary: str = "") -> frozenset[str]:
    """A currency sign, a number and maybe a scale word, as a naive regex reads them."""
    return frozenset(m.group(0) for m in _MONEY.finditer(f"{title}\n{summary}"))


def keyword_orgs(title: str, summary: str, known: frozenset[str]) -> frozenset[str]:
    """Runs of capitalized words that are exactly a known organization's canonical name."""
    return frozenset(m.group(0) for m in _CAPITALIZED.finditer(f"{title}\n{summary}") if m.group(0) in known)
