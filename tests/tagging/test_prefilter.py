"""The literal prefilters skip only patterns that could not match: a needle of every group read off a pattern
is in every match it makes, on the shipped rules, money and measure patterns, and on hand-written edge cases."""

from __future__ import annotations

import re
import string
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.tagging import measures, money
from pipeline.tagging.prefilter import CASE_FOLD_ODDITIES, NeedleIndex, filterable, holds, needles, requirements
from pipeline.tagging.rules import load_rules

SHIPPED = (
    [rule.exact for rule in load_rules().regexes]
    + [p for p, _ in money._PATTERNS]
    + [p for p, _, _ in measures._READERS]
)
TEXTS = [
    "Startup Quillstream raises $45 million Series B; Fabrikam agreed to buy rival Northwind for $2.1 billion.",
    "The SAFE Chips Act passed; Sen. Doe backs the bill. US regulators fine the firm $9M; a 12% stake.",
    "Vendor deploys AI agents for enterprise customers; 40 million users pay $20/month. Flaws let attackers in.",
    "Utility signs 1.2 GW deal; 100,000 H100s; CVE-2026-1234 has a CVSS score of 9.8; 3 trillion won; 5 euros.",
    "Best laptops of 2026\nOur review: hands-on with the new AI assistant; save $200 today.",
    "İstanbul court bans app; PRAİSES ıt; ſtake",
]


@pytest.mark.parametrize("pattern", SHIPPED, ids=lambda p: p.pattern[:40])
def test_every_match_of_a_shipped_pattern_holds_a_needle_of_each_group(pattern):
    groups = requirements(pattern)
    for text in TEXTS:
        for match in pattern.finditer(text):
            assert all(any(n in match.group().lower() for n in group) for group in groups), (pattern.pattern, match)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # cheapest group first: fewest needles, then the longest shortest needle
        (r"(?i:\b(?:raises|raised|lands))\s\$\d", (("$",), ("lands", "raised", "raises"))),
        (r"(?i:\b(?:raises|raised|lands))\s\d", (("lands", "raised", "raises"),)),
        (r"(?:raises|raised)\s\d", (("raised", "raises"),)),
        (r"\b(?:Sen|Rep)\.\s", (("rep", "sen"),)),  # a lone "." tells nothing
        (r"(?:launch|launches)\s(?:a|the)?\s?tool", (("launch",), ("tool",))),  # one needle each: the longer first
        (r"\bthe\s[A-Z]\w+\sAct\b", (("act",),)),  # a function word tells nothing
        (r"(?i:\b(?:pentagon|army)\b.{0,9}\b(?:buys|adopts)\b)", (("adopts", "buys"), ("army", "pentagon"))),
        (r"\b\w+\s\d+", ()),  # no literal at all
        (r"(?:foo)?bar|baz", (("bar", "baz"),)),
        (r"(?:foo)?\d+", ()),  # an optional literal is not required
        (r"x{0,2}yz", (("yz",),)),
        (r"x{0,2}y", ()),  # a single common letter tells nothing
    ],
)
def test_requirements_of_written_patterns(expression, expected):
    assert requirements(expression) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # what our own reading of the syntax must not take for required text
        (r"(?=ahead)\w+", ()),
        (r"(?<!behind)\w+", ()),
        (r"(?P<word>ab)c(?P=word)", (("ab",),)),
        (r"[money]+\s", ()),
        (r"[]bracket]x", ()),
        (r"\x41\u00e9tat", (("aétat",),)),
        (r"(?#comment)word", (("word",),)),
        (r"(?i)word", (("word",),)),
        (r"(?x) w o r d", ()),
        (r"wo{0}rd", (("w",), ("rd",))),
        (r"w\.o\$rd", (("w.o$rd",),)),
        (r"(a)\1bc", (("bc",),)),
    ],
)
def test_requirements_of_awkward_syntax(expression, expected):
    groups = requirements(expression)
    assert groups == tuple(g for g in expected if all(len(n) > 1 or not n.isascii() for n in g))


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.data())
@pytest.mark.parametrize("pattern", SHIPPED, ids=lambda p: p.pattern[:40])
def test_generated_matches_of_shipped_patterns_hold_their_needles(pattern, data):
    # Strings the pattern matches, made from the pattern itself: every group must have a needle in each.
    groups = requirements(pattern)
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    lower = text.lower()
    assert all(any(n in lower for n in group) for group in groups), (pattern.pattern, text, groups)


def test_a_group_of_too_many_needles_is_not_checked():
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    assert requirements("|".join(words), limit=8) == ()
    assert requirements("|".join(words[:8]), limit=8) == (tuple(sorted(words[:8])),)


def test_a_text_must_hold_a_needle_of_every_group():
    groups = requirements(r"(?i:\b(?:pentagon|army)\b.{0,9}\b(?:buys|adopts)\b)")
    index = NeedleIndex({needle for group in groups for needle in group})
    assert holds(groups, index("the army buys drones")) and holds(groups, index("pentagon adopts"))
    assert not holds(groups, index("the army is here")) and not holds(groups, index("a startup buys a rival"))
    assert holds((), index("anything"))


def test_needles_are_the_cheapest_group():
    assert needles(r"(?i:\b(?:raises|raised|lands))\s\$\d") == ("$",)
    assert needles(r"\b\w+\s\d+") is None
    assert needles("|".join(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "x"])) is None


def test_the_needle_index_finds_every_needle_a_text_holds():
    found = {"raise", "$", "acquisition of", "hits $", "takes ", "u.s.", "build-out", "ai"}
    index = NeedleIndex(found)
    for text in TEXTS + ["the acquisition\nof", "it hits $5", "takes\tover", "AI-powered U.S. build-out"]:
        lower = text.lower()
        assert {needle for needle in found if needle in lower} <= index(lower) <= found, text
    assert index("nothing here") == set() and index("") == set()


def test_case_fold_oddities_are_every_character_matching_an_ascii_letter_it_does_not_lower_to():
    # Only these defeat a check on text.lower(): "ſ" matches (?i:s) but lowers to itself.
    any_letter = re.compile("(?i)[a-z]")
    odd = {
        chr(cp)
        for cp in range(128, sys.maxunicode + 1)
        if any_letter.fullmatch(chr(cp))
        and any(re.fullmatch(f"(?i){a}", chr(cp)) and a not in chr(cp).lower() for a in string.ascii_lowercase)
    }
    assert odd == set(CASE_FOLD_ODDITIES)
    assert not filterable("ſtake") and filterable("stake") and filterable("İstanbul “quoted”")


def test_rules_still_match_text_the_prefilter_must_not_judge(tagger):
    # "ſ" matches (?i:s) but lower-cases to itself: such a text skips the prefilter and the lower-cased
    # rewrite (regexes.py), and the rules run as written.
    book = load_rules()
    text = "Startup raiſes $40 million"
    assert [m.span() for r in book.regexes for m in r.exact.finditer(text)] == [
        (h.start_char, h.end_char) for hits in book.regex_hits(text).values() for h in hits
    ]


words = st.sampled_from(
    "raises buy bought law bill Act the Sen. Rep. $ € 5 million users GW CVE-2026-1234 CVSS 9.8 "
    "stake 12% , . review hands-on save best Our favorite firm fine startup ſ İ".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=14).map(" ".join))
def test_prefiltered_rule_scan_equals_the_full_scan(text):
    book = load_rules()
    lower = text.lower()
    full = book._scan(book.regexes, text, lower, as_written=not filterable(text))
    assert book.regex_hits(text, lower) == full
    if re.search(r"\d", text):
        assert [m.span() for m in money._matches(text)] == [
            m.span() for pattern, _ in money._PATTERNS for m in pattern.finditer(text)
        ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            "raises Raised sells buy bought acquisition of led by hands-on U.S. the Act $5 €3 "
            "Our favorite new AI-powered assistant government army, adopts review save".split()
        ),
        max_size=14,
    ).map(" ".join)
)
def test_the_shipped_needle_index_misses_no_needle(text):
    book, lower = load_rules(), text.lower()
    shipped = {needle for rule in book.regexes for group in rule.requires for needle in group}
    assert {needle for needle in shipped if needle in lower} <= book.needles(lower)


def test_batches_with_empty_documents_are_tagged(tagger):
    # An empty document in a batch used to crash the classifier (IndexError from thinc's n-grams).
    results = list(
        tagger.tag_many(["Startup raises $40 million Series A", "", "<p></p>", " ", "Chipmaker raises $2 billion"])
    )
    alone = tagger.tag("")
    assert [r.language for r in results] == ["en", "und", "und", "und", "en"]
    assert results[1] == results[2] == results[3] == alone
    assert results[0].category_names == tagger.tag("Startup raises $40 million Series A").category_names
    assert "capital" in results[4].category_names


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            "Acme Corp raises Raised sells was hacked acquisition of led by agreed to acquire the "
            "Northwind Labs teams up with backed by Index Ventures , a startup which makes "
            "partners with Fabrikam İ ſ stake in".split()
        ),
        max_size=14,
    ).map(" ".join)
)
def test_organizations_found_with_the_shared_needles_equal_those_of_the_full_scan(tagger, text):
    from pipeline.tagging.orgs import find_orgs

    # The tagger looks up the organization verbs in the same NeedleIndex as the rules; a text that holds
    # none of them skips the verb scan, which must lose nothing.
    assert find_orgs(text, [], tagger._needles(text.lower())) == find_orgs(text, [])


def test_only_the_regexes_whose_first_needles_are_present_are_candidates():
    book = load_rules()
    text = "Startup raises $40 million"
    present = book.needles(text.lower())
    run = [rule for rule in book.regexes if holds(rule.requires, present)]
    assert run, "a funding headline runs the funding regexes"
    assert all(any(needle in present for needle in rule.requires[0]) for rule in run)
    assert book.regex_hits(text)["capital"][0].text.startswith("raises")


def test_the_needle_index_stays_bounded_and_right_when_it_fills(monkeypatch):
    index = NeedleIndex({"raise", "acquisition of", "gw"})
    monkeypatch.setattr(NeedleIndex, "MAX_CHUNKS", 4)
    for n in range(10):
        text = f"word{n} startup raises 2 gw in acquisition of rival"
        found = index(text)
        assert {"raise", "acquisition of", "gw"} <= found
        # A full table starts again from this text's chunks: one text may exceed the bound, no run can grow it.
        assert len(index._inside) <= max(NeedleIndex.MAX_CHUNKS, len(set(text.split())))
