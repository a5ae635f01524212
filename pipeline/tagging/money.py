"""Money amounts as written, normalized to a value, a currency, an optional period and a role.

Regular expressions over the composed text rather than token patterns: spaCy's English tokenizer splits
"$350M." into "$", "350M." and "$200-a-month" into five tokens, while the span we must report is exactly
the characters as written (without a sentence's trailing period). An amount needs a currency sign or word
next to a number, so "5G", "Windows 11" and "$NVDA" never become amounts.

The span is the whole money expression as docs/labeling.md writes it: with its hedges and bounds
("~$16M", "sub-$1,000", "mid-$20,000s", "$800B+"), both ends of one range ("$100 million to $120 million"),
and the rate or unit it is quoted in ("$200 a month", "$100 a barrel", "$100 each", "$700 off").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.tagging.prefilter import filterable, may_match, needles
from pipeline.tagging.results import Amount
from pipeline.tagging.text import sentence_at

# Signs and codes written before the number. A letter prefix binds to "$" ("US$", "NT$", "A$"); only "US"
# may stand apart ("US $30 million"): "A $34 million round" is an article.
_SIGNS = {
    "us$": "USD",
    "us $": "USD",
    "nt$": "TWD",
    "nz$": "NZD",
    "hk$": "HKD",
    "ca$": "CAD",
    "au$": "AUD",
    "a$": "AUD",
    "c$": "CAD",
    "s$": "SGD",
    "r$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
}
_CODES = ("USD", "EUR", "GBP", "CHF", "JPY", "CNY", "INR", "KRW", "AUD", "CAD", "SGD", "HKD", "TWD")
# Currency words written after the number. "pounds" (weight) and "won" (a verb) count only after a scale
# word ("3 million pounds", "10m won"): "a 5 pounds drone" and "the team 50,000 won over" are not money.
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
_NEEDS_SCALE = frozenset({"pounds", "won"})
# "100 billion Taiwan dollars": whose dollars.
_DOLLAR_NATIONS = {
    "us": "USD",
    "u.s.": "USD",
    "american": "USD",
    "australian": "AUD",
    "canadian": "CAD",
    "hong kong": "HKD",
    "singapore": "SGD",
    "new taiwan": "TWD",
    "taiwan": "TWD",
    "taiwanese": "TWD",
    "new zealand": "NZD",
}
_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "lakh": 1e5,
    "crore": 1e7,
    "lakh crore": 1e12,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "bln": 1e9,
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


def _alternatives(words, plural: bool = False) -> str:
    """A table's keys as one alternation, longest first, any run of spaces in a key matching any whitespace;
    with `plural` a word of four letters or more may take an "s" ("billions", "crores")."""
    keys = sorted(words, key=len, reverse=True)
    written = [re.escape(key).replace(r"\ ", r"\s+") + ("s?" if plural and len(key) >= 4 else "") for key in keys]
    return rf"(?:{'|'.join(written)})(?![a-z])"


_DIGIT = re.compile(r"\d")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "$5.5-billion" (hyphenated) and "the low-$10 billions" (plural) are scales too.
_SCALE_RE = _alternatives(_SCALE, plural=True)
# "the US $1 trillion plan" is the country's plan: a spaced "US" after "the" stays outside the sign.
_SIGN_RE = rf"(?:(?-i:US|(?<![Tt]he\s)US\s|NT|NZ|HK|CA|AU|[ACSR])?\$|€|£|¥|₹|₩|(?-i:(?:{'|'.join(_CODES)})\s?)(?=\d))"
_PERIOD_WORDS = _alternatives(_PERIODS)
# Attached periods ("$99/month", "$200-a-month", "$15/user/month"); spaced rates and units ("$200 a month",
# "$100 a barrel", "$3 per million tokens", "$100 each") are written into the span as well.
_ATTACHED = rf"(?:(?:\s?/\s?|-(?:a|an|per)-)(?P<period>{_PERIOD_WORDS})(?:/{_PERIOD_WORDS})?)"
_UNIT_WORDS = (
    r"(?:share|barrel|gallon|litre|liter|tonne|ton|ounce|unit|person|head|licen[cs]e|device|ticket|token"
    r"|(?:million|1m|thousand|1k)\s(?:input\s|output\s)?tokens|(?:kilo|mega)watt-hour|kwh|mwh|gb|tb)(?![a-z])"
)
# "a year ago", "a month later" and "each year" date the amount rather than rate it.
_NOT_RATE = rf"(?!\s(?:ago|earlier|later|after|before|prior|since|back|of|time|quarter|{_PERIOD_WORDS})\b)"
_SPACED = (
    rf"\s(?:(?:a|an|per)\s(?:(?P<spaced_period>{_PERIOD_WORDS})|(?P<unit>{_UNIT_WORDS}))|(?P<each>each|apiece)\b)"
    rf"{_NOT_RATE}"
)
# "$700 off" is a discount as written; a bare retail figure only (no scale word: "$5 billion off its
# value" is a fall, not a discount), and "off" must end the phrase or lead to where or when.
_OFF = r"\soff(?=[),.;:!?\]]|\s*$|\s(?:at|on|in|for|with|right|today|now|when|if|during|through|until)\b)"
_TAIL = rf"(?P<plus>\+|-plus\b)?(?P<decade>(?<=\d)s\b)?{_ATTACHED}?(?:{_SPACED}|(?(scale)|(?P<off>{_OFF})))?"
# Hedges and bounds glued to the sign: "~$16M", "sub-$1,000", "mid-$20,000s".
_PREFIX = r"(?P<prefix>~|(?:sub|mid|low|high|upper|lower)-)?"
# Two figures joined by "to" are one range ("a target of $100 million to $120 million"), except after
# "from", "between" or "by", or a verb of change, where they are the two ends of a change or a comparison
# ("cut its forecast by $2 billion to $40 billion", "rose $5 to $95"), each an amount of its own.
_HEDGES = ("", "about ", "around ", "roughly ", "nearly ", "almost ", "just ", "only ", "over ", "under ")
_CHANGES = ("up", "down", "rose", "fell", "grew", "jumped", "climbed", "dropped", "declined", "increased")
_APART_AFTER = [f"{w} {h}" for w in ("from", "between", "by") for h in _HEDGES] + [f"{w} " for w in _CHANGES]
# One lookbehind per length (a lookbehind's branches must be as long as each other), not one per phrase: they
# are tried at every word.
_APART = (
    "(?P<apart>"
    + "|".join(
        rf"(?<=\b(?:{'|'.join(p for p in _APART_AFTER if len(p) == n)}))" for n in sorted(set(map(len, _APART_AFTER)))
    )
    + ")?"
)
_RANGE_TO = r"(?:\s?(?:-|–)\s?|\sto\s)"
_RANGE_DASH = r"(?:\s?(?:-|–)\s?)"

_SIGNED = re.compile(
    rf"(?<![\w$€£¥₹₩]){_APART}{_PREFIX}(?P<sign>{_SIGN_RE})\s?(?P<num>{_NUM})"
    rf"(?:(?(apart){_RANGE_DASH}|{_RANGE_TO})(?:{_SIGN_RE})?(?P<high>{_NUM}))?"
    rf"(?:[\s-]?(?P<scale>{_SCALE_RE}))?"
    rf"(?:(?(apart){_RANGE_DASH}|{_RANGE_TO})(?P<high_sign>{_SIGN_RE})\s?(?P<high2>{_NUM})"
    rf"(?:[\s-]?(?P<high_scale>{_SCALE_RE}))?)?"
    rf"{_TAIL}",
    re.IGNORECASE,
)
_WORD_RE = _alternatives(_WORDS)
_NATION_RE = rf"(?:(?P<nation>{_alternatives(_DOLLAR_NATIONS)})\s)"
_WORDED = re.compile(
    rf"(?<![\w.,])(?=\d){_APART}(?P<num>{_NUM})(?:(?(apart){_RANGE_DASH}|{_RANGE_TO})(?P<high>{_NUM}))?"
    rf"(?:[\s-]?(?P<scale>{_SCALE_RE}))?\s{_NATION_RE}?(?P<word>{_WORD_RE}){_TAIL}",
    re.IGNORECASE,
)
# A banknote or coin names its face value, not money that moves: "the £10 note", "$100 bills".
_DENOMINATION = re.compile(r"\s?(?:bank)?(?:notes?|bills?|coins?)\b", re.IGNORECASE)

# Prefilters: a signed amount needs a sign or an upper-case code, looked for in the text as written (both
# scans are literal, a few microseconds); a worded one needs one of its currency words.
_SIGN_HINT = re.compile("[$€£¥₹₩]")
_CODE_HINT = re.compile("|".join(_CODES))
_WORD_NEEDLES = needles(_WORDED, limit=24)
_PATTERNS = ((_SIGNED, None), (_WORDED, _WORD_NEEDLES))

_QUALIFIERS = (
    ("up_to", re.compile(r"(?:up to|as much as|no more than|capped at|sub-)\s*$", re.I)),
    ("at_least", re.compile(r"(?:at least|more than|over|upwards of|north of|in excess of)\s*$", re.I)),
    ("about", re.compile(r"(?:about|around|roughly|nearly|almost|approximately|some|~|mid-|low-|high-)\s*$", re.I)),
)

# The role an amount plays (core/amount_roles.py), from the cue nearest to it within a short window on either
# side; none near is "other". A raise still being sought ("in talks to raise") is a target, money stolen,
# spent or given away is "other": neither is raised nor a deal. On a tie the earlier role wins, so "other"
# comes first ("stole $5M worth of crypto").
_ROLE_WINDOW = 40
_ROLES = (
    ("other", r"\bspent\b|\bstole|\btheft|\bransom|\bdonat|\bnet worth|\bsalar"),
    ("valuation", r"valu(?:ation|ed at|ed\b|ing it|e of)|market (?:cap|value)|worth|unicorn"),
    (
        "target",
        r"(?:in talks|seek(?:s|ing)?|look(?:s|ing)|plans?|aims?|hopes?|wants?) to raise|\bgoal|"
        r"\b(?:funding|sales|revenue|savings) target|\btarget of\b|\bcommit|\b(?:to|will|would) invest\b|"
        r"capex|capital expenditure|budget|\bplans? to spend|\bsavings|\bfund\b",
    ),
    (
        "raised",
        r"rais|fundrais|crowdfund|funding|round|seed|series [a-h]\b|nabs|lands|secures|snags|bags|financ(?!ial)|"
        r"investment|venture (?:funds?|funding|capital|debt)|led by",
    ),
    (
        "deal",
        r"acqui|\bbuy|bought|purchas|takeover|merger|(?:mega)?deal\b|joint venture|stake|contract|agreement|"
        r"partnership|paying|"
        r"\bsel(?:l|ls|ling) off\b|\bsold off\b|divest|\bin cash\b|\ball-(?:cash|stock)\b|\bcash.and.stock\b",
    ),
    (
        "fine",
        r"\bfine|(?:ordered|told|forced) to pay|settle|penalt|damages|compensat|\bsu(?:es|ing|ed)\b|lawsuit|\bcase\b",
    ),
    ("revenue", r"revenue|\bsales|\barr\b|run.rate|earnings|profit|\bloss(?:es)?\b|\best\."),
    (
        "price",
        r"pric|\bcosts?\b|start(?:s|ing)? at|\d+%? off\b|discount|\bsale\b|retail|\bfor students|subscri|\btier\b",
    ),
)
_RANK = {name: rank for rank, (name, _) in enumerate(_ROLES)}


def _cues(roles) -> re.Pattern:
    """All roles' cues as one pattern, one named group per role (one scan of each side, not one per role);
    at one position the earlier role's cue is tried first. A cue starts a word: "around" holds no "round",
    "islands" no "lands", and the scan skips the inside of words at once."""
    return re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{cue})" for name, cue in roles) + ")", re.I)


_ROLE_CUES = _cues(_ROLES)
# An amount per unit ("$100 each", "$45 a share") is never what a whole company is worth.
_PER_UNIT_CUES = _cues(role for role in _ROLES if role[0] != "valuation")


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
    if _SIGN_HINT.search(text) or _CODE_HINT.search(text):  # and a currency sign or word: most skip both
        yield from _SIGNED.finditer(text)
    if not filterable(text) or may_match(_WORD_NEEDLES, text.lower()):
        yield from _WORDED.finditer(text)


def _amount(text: str, match: re.Match) -> Amount | None:
    groups = match.groupdict()
    sign, word, scale_word = groups.get("sign"), groups.get("word"), groups.get("scale")
    if sign:
        key = " ".join(sign.lower().split())
        currency = _SIGNS.get(key, key.upper())
    else:
        word = " ".join(word.lower().split())
        if word in _NEEDS_SCALE and not scale_word:
            return None
        nation = groups.get("nation")
        currency = _DOLLAR_NATIONS[" ".join(nation.lower().split())] if nation and "dollar" in word else _WORDS[word]
    scale = _scale(scale_word)
    value = _number(groups["num"]) * scale
    high = None
    if groups.get("high"):
        high = _number(groups["high"]) * scale
    elif groups.get("high2"):
        high = _number(groups["high2"]) * (_scale(groups.get("high_scale")) if groups.get("high_scale") else scale)
    start, end = match.start(), match.end()
    if sign == "¥" and not scale_word and value < 10:
        return None  # a stray yen sign before a digit is more often a list marker than money
    if not scale_word and _DENOMINATION.match(text, end):
        return None
    period = groups.get("period") or groups.get("spaced_period")
    period = _PERIODS[period.lower()] if period else None
    per_unit = bool(groups.get("each") or groups.get("unit"))
    if period or groups.get("off"):
        role = "price"
    else:
        role = _role(text, start, end, _PER_UNIT_CUES if per_unit else _ROLE_CUES)
    return Amount(
        text=text[start:end],
        value=value,
        currency=currency,
        period=period,
        role=role,
        sentence=sentence_at(text, start, end),
        high=high,
        qualifier=_qualifier(text, start, groups.get("prefix")),
    )


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    word = " ".join(word.lower().split())
    return _SCALE.get(word) or _SCALE[word.removesuffix("s")]


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _qualifier(text: str, start: int, prefix: str | None) -> str | None:
    before = text[max(0, start - 20) : start] + (prefix or "")
    for name, pattern in _QUALIFIERS:
        if pattern.search(before):
            return name
    return None


def _role(text: str, start: int, end: int, cues: re.Pattern = _ROLE_CUES) -> str:
    # A cue after the amount stays on its line (a title's figure is not described by the summary's first
    # words); one before may be in the title, which frames the summary ("... settlement\nwill forgive $5,000").
    before, after = text[max(0, start - _ROLE_WINDOW) : start], text[end : end + _ROLE_WINDOW].partition("\n")[0]
    best, best_key = "other", (_ROLE_WINDOW + 1, 0)
    hits = list(cues.finditer(before))
    if hits:  # the last cue before the amount ends nearest it
        last = hits[-1]
        best, best_key = last.lastgroup, (len(before) - last.end(), _RANK[last.lastgroup])
    hit = cues.search(after)
    if hit is not None and (hit.start(), _RANK[hit.lastgroup]) < best_key:
        best = hit.lastgroup
    return best
