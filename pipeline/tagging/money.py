"""Money amounts as written, normalized to a value, a currency, an optional period and a role.

Regular expressions over the composed text rather than token patterns: spaCy's English tokenizer splits
"$350M." into "$", "350M." and "$200-a-month" into five tokens, while the span we must report is exactly
the characters as written (without a sentence's trailing period). An amount needs a currency sign or word
next to a number, so "5G", "Windows 11" and "$NVDA" never become amounts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.tagging.prefilter import filterable, may_match, needles
from pipeline.tagging.results import Amount
from pipeline.tagging.text import sentence_at

_SIGNS = {
    "us$": "USD",
    "a$": "AUD",
    "c$": "CAD",
    "hk$": "HKD",
    "s$": "SGD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
}
_WORDS = {
    "dollars": "USD",
    "dollar": "USD",
    "usd": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "pounds": "GBP",
    "gbp": "GBP",
    "yen": "JPY",
    "jpy": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "cny": "CNY",
    "rmb": "CNY",
    "rupees": "INR",
    "inr": "INR",
    "won": "KRW",
    "krw": "KRW",
    "chf": "CHF",
    "swiss francs": "CHF",
    "francs": "CHF",
}
_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
}
_PERIODS = {
    "month": "month",
    "mo": "month",
    "year": "year",
    "yr": "year",
    "annum": "year",
    "week": "week",
    "day": "day",
    "hour": "hour",
    "user": "user",
    "seat": "seat",
}

_DIGIT = re.compile(r"\d")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_RE = r"(?:trillion|billion|million|thousand|tn|bn|mn|mln|[kmbt])(?![a-z])"
_SIGN_RE = r"(?:US\$|A\$|C\$|HK\$|S\$|\$|€|£|¥|₹|₩|(?:USD|EUR|GBP|CHF|JPY)(?=\s?\d))"
_PERIOD_WORDS = r"(?:month|mo|year|yr|annum|week|day|hour|user|seat)(?![a-z])"
# Attached periods ("$99/month", "$200-a-month") are part of the written amount; a spaced one ("$100,000 a
# year") still sets the period but stays outside the span, as the labeled data writes it.
_PERIOD_RE = rf"(?:\s?/\s?|-(?:a|an|per)-)(?P<period>{_PERIOD_WORDS})"
_SPACED_PERIOD = re.compile(rf"\s(?:a|an|per|each)\s(?P<period>{_PERIOD_WORDS})", re.IGNORECASE)
_WORD_RE = (
    r"(?:swiss\s+francs|dollars|dollar|usd|euros|euro|eur|pounds|gbp|yen|jpy|yuan|renminbi|cny|rmb|rupees|inr|krw"
    r"|chf|francs)"
)

_SIGNED = re.compile(
    rf"(?<![\w$€£¥])(?P<sign>{_SIGN_RE})\s?(?P<num>{_NUM})"
    rf"(?:\s?(?:-|–|to)\s?(?:{_SIGN_RE})?(?P<high>{_NUM}))?"
    rf"(?:\s?(?P<scale>{_SCALE_RE}))?(?P<period_part>{_PERIOD_RE})?",
    re.IGNORECASE,
)
_WORDED = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})(?:\s?(?:-|–|to)\s?(?P<high>{_NUM}))?"
    rf"(?:\s?(?P<scale>{_SCALE_RE}))?\s(?P<word>{_WORD_RE})(?![a-z])(?P<period_part>{_PERIOD_RE})?",
    re.IGNORECASE,
)
# "won" is also a verb: accept it only after a scale word ("3 trillion won").
_WON = re.compile(rf"(?<![\w.,])(?P<num>{_NUM})\s(?P<scale>trillion|billion|million)\s(?P<word>won)\b", re.IGNORECASE)

_PATTERNS = tuple((pattern, needles(pattern)) for pattern in (_SIGNED, _WORDED, _WON))

_QUALIFIERS = (
    ("up_to", re.compile(r"(?:up to|as much as|no more than|capped at)\s*$", re.I)),
    ("at_least", re.compile(r"(?:at least|more than|over|upwards of|north of|in excess of)\s*$", re.I)),
    ("about", re.compile(r"(?:about|around|roughly|nearly|almost|approximately|some|~)\s*$", re.I)),
)

# The role an amount plays (core/amount_roles.py), from the cue nearest to it within a short window on either
# side; none near is "other". A raise still being sought ("in talks to raise") is a target, money stolen or
# a donation is "other": neither is raised nor a deal.
_ROLE_WINDOW = 40
_ROLES = (
    ("valuation", re.compile(r"valu(?:ation|ed at|ing it|e of)|market (?:cap|value)|worth", re.I)),
    (
        "target",
        re.compile(
            r"(?:in talks|seek(?:s|ing)?|look(?:s|ing)|plans?|aims?|hopes?|wants?) to raise|\bgoal|"
            r"\b(?:funding|sales|revenue|savings) target|\ba target of|\bcommit|\b(?:to|will|would) invest\b|"
            r"capex|capital expenditure|budget|\bplans? to spend|\bsavings|\bfund\b",
            re.I,
        ),
    ),
    (
        "raised",
        re.compile(r"rais|funding|round|seed|series [a-h]\b|nabs|lands|secures|snags|bags|financ|investment", re.I),
    ),
    ("deal", re.compile(r"acqui|\bbuy|bought|purchas|takeover|merger|\bdeal\b|stake|contract|agreement|paying", re.I)),
    ("fine", re.compile(r"\bfine|settle|penalt|damages|compensat|\bsu(?:es|ing|ed)\b|lawsuit|\bcase\b", re.I)),
    ("revenue", re.compile(r"revenue|\bsales|\barr\b|run.rate|earnings|profit|net loss|\blosses|\best\.", re.I)),
    ("price", re.compile(r"pric|\bcosts?\b|\boff\b|discount|\bsale\b|retail|\bfor students", re.I)),
)


def find_amounts(text: str) -> list[Amount]:
    """Every money expression in `text`, in order of appearance."""
    spans = sorted(_matches(text), key=lambda m: m.start())
    found, last_end = [], -1
    for match in spans:
        if match.start() < last_end:
            continue  # overlapping read of the same characters
        amount = _amount(text, match)
        if amount is not None:
            found.append(amount)
            last_end = match.end()
    return found


def _matches(text: str) -> Iterator[re.Match]:
    if not _DIGIT.search(text):  # every amount has a digit: most headlines are skipped at this one cheap scan
        return
    lower, plain = text.lower(), filterable(text)
    for pattern, found in _PATTERNS:  # and a currency sign or word: most of the rest skip all three
        if not plain or may_match(found, lower):
            yield from pattern.finditer(text)


def _amount(text: str, match: re.Match) -> Amount | None:
    groups = match.groupdict()
    sign = groups.get("sign")
    currency = _SIGNS.get(sign.lower(), sign.upper()) if sign else _WORDS[" ".join(groups["word"].lower().split())]
    scale = _SCALE[groups["scale"].lower()] if groups.get("scale") else 1.0
    value = _number(groups["num"]) * scale
    high = _number(groups["high"]) * scale if groups.get("high") else None
    start, end = match.start(), match.end()
    period = groups.get("period") or _spaced_period(text, end)
    period = _PERIODS[period.lower()] if period else None
    if sign == "¥" and not groups.get("scale") and value < 10:
        return None  # a stray yen sign before a digit is more often a list marker than money
    return Amount(
        text=text[start:end],
        value=value,
        currency=currency,
        period=period,
        role="price" if period else _role(text, start, end),
        sentence=sentence_at(text, start, end),
        high=high,
        qualifier=_qualifier(text, start),
    )


def _spaced_period(text: str, end: int) -> str | None:
    match = _SPACED_PERIOD.match(text, end)
    return match.group("period") if match else None


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _qualifier(text: str, start: int) -> str | None:
    before = text[max(0, start - 20) : start]
    for name, pattern in _QUALIFIERS:
        if pattern.search(before):
            return name
    return None


def _role(text: str, start: int, end: int) -> str:
    before, after = text[max(0, start - _ROLE_WINDOW) : start], text[end : end + _ROLE_WINDOW]
    best, best_distance = "other", _ROLE_WINDOW + 1
    for name, pattern in _ROLES:
        hits = list(pattern.finditer(before))
        if hits and len(before) - hits[-1].end() < best_distance:
            best, best_distance = name, len(before) - hits[-1].end()
        hit = pattern.search(after)
        if hit and hit.start() < best_distance:
            best, best_distance = name, hit.start()
    return best
