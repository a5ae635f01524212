"""Literal prefilters: a regular expression runs only on texts that hold the strings its matches need.

The strings ("needles") are read off the parsed pattern: each literal run, or group of literal alternatives,
that every match must contain ("raises|raised|lands" -> raise, lands; MONEY -> $, €, £, ¥). A pattern needs
one needle of each such group ("government ... buys ... AI"). A few `in` checks on the lower-cased text
(money, measures), or one look-up of many needles at once (NeedleIndex: the rule regexes), cost far less
than a scan by a pattern that starts with a lookbehind, a word boundary or a case-insensitive set, which
the regex engine tries at every position. The filter only ever skips patterns that could not match, so
results are unchanged (tests/tagging/test_prefilter.py).
"""

from __future__ import annotations

import re

from pipeline.tagging.regex_syntax import Alt, Lit, Rep, Seq, parse

# Non-ASCII characters that a case-insensitive pattern matches as an ASCII letter although they do not
# lower-case to it (dotless "ı" ~ "i", long "ſ" ~ "s"): a text holding one is never filtered.
CASE_FOLD_ODDITIES = "\u0131\u017f"
_ODD = re.compile(f"[{CASE_FOLD_ODDITIES}]")
# Each `in` check costs a few hundred nanoseconds on a headline and summary; a pattern 1-12 µs, and one
# that starts with a lookbehind or a long list of words 15-30 µs: a group of up to 40 needles is worth it
# when looked up in a NeedleIndex, of up to 8 when checked one by one.
MAX_NEEDLES = 8
MAX_GROUP_NEEDLES = 40
_COMMON = frozenset("abcdefghijklmnopqrstuvwxyz0123456789,.;:-'\"()[]/&")
_FUNCTION_WORDS = frozenset("a an and are as at be by for from in is it of on or that the to was will with".split())


def requirements(pattern: str | re.Pattern, limit: int = MAX_GROUP_NEEDLES) -> tuple[tuple[str, ...], ...]:
    """Groups of lower-cased strings, each group with a string in every match: the pattern can only match a
    text holding a string of every group. Cheapest first (see _required)."""
    pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
    groups = {
        tuple(sorted(found))
        for found in _top_level(parse(pattern.pattern, pattern.flags))
        if all(map(_telling, found)) and len(found) <= limit
    }
    return tuple(sorted(groups, key=lambda group: (_cost(group), group)))


def needles(pattern: str | re.Pattern, limit: int = MAX_NEEDLES) -> tuple[str, ...] | None:
    """The cheapest group of `requirements`: one of its strings is in every match; None when the pattern
    names none of `limit` strings or fewer (checking them all would cost about as much as running it)."""
    groups = requirements(pattern, limit)
    return groups[0] if groups else None


def may_match(found: tuple[str, ...] | None, lower: str) -> bool:
    return found is None or any(needle in lower for needle in found)


class NeedleIndex:
    """The needles a lower-cased text may hold, without an `in` check of each (150 of them cost some 30 µs a
    document): every needle it holds, and a few it does not. A needle lies inside one whitespace-separated
    chunk of the text, or for one with a space inside ("acquisition of") its longest piece does; so each
    distinct chunk is looked up in a table of the needles whose (longest) piece it holds, filled as chunks
    are first met. The table holds chunks (words with their punctuation), never texts, and is bounded:
    chunks recur across documents far more than texts do."""

    MAX_CHUNKS = 50_000

    def __init__(self, found: set[str]):
        self._pieces = {needle: max(needle.split(), key=len) for needle in sorted(found)}
        self._inside: dict[str, frozenset[str]] = {}

    def __call__(self, lower: str) -> set[str]:
        chunks, table = set(lower.split()), self._inside
        if new := chunks.difference(table):  # first met: which needles' pieces each holds
            if len(table) + len(new) > self.MAX_CHUNKS:
                table.clear()
                new = chunks
            for chunk in new:
                table[chunk] = frozenset(n for n, piece in self._pieces.items() if piece in chunk)
        return set().union(*map(table.__getitem__, chunks))


def holds(groups: tuple[tuple[str, ...], ...], present: set[str]) -> bool:
    """Whether `present` (from a NeedleIndex) has a needle of every group."""
    for group in groups:
        if present.isdisjoint(group):
            return False
    return True


def filterable(text: str) -> bool:
    """Whether needles may be checked on text.lower() (see CASE_FOLD_ODDITIES)."""
    return text.isascii() or _ODD.search(text) is None


def _required(sequence) -> frozenset[str] | None:
    """The cheapest telling set of required strings of a parsed sequence: fewest strings, then the longest
    shortest string; a set holding a blank or a single common character tells nothing and is passed over."""
    telling = [found for found in _literal_sets(sequence) if all(map(_telling, found))]
    return min(telling, key=_cost) if telling else None


def _cost(found) -> tuple[int, int]:
    return len(found), -min(map(len, found))


def _top_level(sequence) -> list[frozenset[str]]:
    """Every required string set of a parsed sequence, its top-level groups opened up: "(?i:A...B...C)"
    requires A, B and C, where _required keeps the cheapest of them."""
    return list(_literal_sets(sequence, open_groups=True))


def _literal_sets(sequence: Seq, open_groups: bool = False):
    """The sets of strings a match of `sequence` must hold one of, in order: runs of literals, and what
    each other item requires (groups opened up into their own sets when asked)."""
    run = ""
    for item in sequence.items:
        if isinstance(item, Lit):
            run += item.char.lower()
            continue
        if run:
            yield frozenset({run})
            run = ""
        if open_groups and isinstance(item, Seq):
            yield from _literal_sets(item, open_groups=True)
        elif (found := _item(item)) is not None:
            yield found
    if run:
        yield frozenset({run})


def _telling(needle: str) -> bool:
    if needle.strip() in _FUNCTION_WORDS:
        return False
    return len(needle.strip()) >= 2 or (needle.strip() != "" and not (needle.isascii() and needle in _COMMON))


def _item(node) -> frozenset[str] | None:
    if isinstance(node, Seq):
        return _required(node)
    if isinstance(node, Rep):
        return _item(node.item) if node.minimum >= 1 else None
    if isinstance(node, Alt):
        branches = [_required(branch) for branch in node.branches]
        if any(found is None for found in branches):
            return None
        return _minimal(frozenset().union(*branches))
    if isinstance(node, Lit):
        return frozenset({node.char.lower()})
    return None


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """Drop every string that holds a shorter one of the set: finding the shorter one is enough."""
    return frozenset(s for s in strings if not any(o != s and o in s for o in strings))
