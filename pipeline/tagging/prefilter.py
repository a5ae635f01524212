"""Literal prefilters: a regular expression runs only on texts that hold one of the strings its matches need.

The strings ("needles") are read off the parsed pattern: a literal run, or a group of literal alternatives,
that every match must contain ("raises|raised|lands" -> raise, lands; MONEY -> $, €, £, ¥). A few `in`
checks on the lower-cased text cost far less than a scan by a pattern that starts with a lookbehind, a word
boundary or a case-insensitive set, which the regex engine tries at every position. The filter only ever
skips patterns that could not match, so results are unchanged (tests/tagging/test_prefilter.py).
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's node names: stable across 3.11-3.13
from re import _parser as sre_parse

# Non-ASCII characters that a case-insensitive pattern matches as an ASCII letter although they do not
# lower-case to it (dotless "ı" ~ "i", long "ſ" ~ "s"): a text holding one is never filtered.
CASE_FOLD_ODDITIES = "\u0131\u017f"
_ODD = re.compile(f"[{CASE_FOLD_ODDITIES}]")
# Each `in` check costs a few hundred nanoseconds on a headline and summary; the patterns cost 1-12 µs.
MAX_NEEDLES = 8
_COMMON = frozenset("abcdefghijklmnopqrstuvwxyz0123456789,.;:-'\"()[]/&")
_FUNCTION_WORDS = frozenset("a an and are as at be by for from in is it of on or that the to was will with".split())
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}


def needles(pattern: str | re.Pattern, limit: int = MAX_NEEDLES) -> tuple[str, ...] | None:
    """Lower-cased strings at least one of which is in every match; None when the pattern names none, or
    more than `limit` (checking them all would cost about as much as running the pattern)."""
    source = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    flags = pattern.flags if isinstance(pattern, re.Pattern) else 0
    found = _required(sre_parse.parse(source, flags))
    return tuple(sorted(found)) if found and len(found) <= limit else None


def filterable(text: str) -> bool:
    """Whether `needles` may be checked on text.lower() (see CASE_FOLD_ODDITIES)."""
    return text.isascii() or _ODD.search(text) is None


def may_match(found: tuple[str, ...] | None, lower: str) -> bool:
    return found is None or any(needle in lower for needle in found)


def present(candidates: tuple[str, ...], lower: str) -> frozenset[str]:
    """The needles of many patterns found in one pass, each checked once however many patterns share it."""
    return frozenset([needle for needle in candidates if needle in lower])


def _required(sequence) -> frozenset[str] | None:
    """The cheapest telling set of required strings of a parsed sequence: fewest strings, then the longest
    shortest string; a set holding a blank or a single common character tells nothing and is passed over."""
    candidates, run = [], ""
    for op, argument in sequence:
        if op is sre.LITERAL:
            run += chr(argument).lower()
            continue
        if run:
            candidates.append(frozenset({run}))
            run = ""
        if (found := _item(op, argument)) is not None:
            candidates.append(found)
    if run:
        candidates.append(frozenset({run}))
    telling = [found for found in candidates if all(map(_telling, found))]
    if not telling:
        return None
    return min(telling, key=lambda found: (len(found), -min(map(len, found))))


def _telling(needle: str) -> bool:
    if needle.strip() in _FUNCTION_WORDS:
        return False
    return len(needle.strip()) >= 2 or (needle.strip() != "" and not (needle.isascii() and needle in _COMMON))


def _item(op, argument) -> frozenset[str] | None:
    if op is sre.SUBPATTERN:
        return _required(argument[-1])
    if op is sre.ATOMIC_GROUP:
        return _required(argument)
    if op in _REPEATS:
        return _required(argument[2]) if argument[0] >= 1 else None
    if op is sre.BRANCH:
        branches = [_required(branch) for branch in argument[1]]
        if any(found is None for found in branches):
            return None
        return _minimal(frozenset().union(*branches))
    return None


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """Drop every string that holds a shorter one of the set: finding the shorter one is enough."""
    return frozenset(s for s in strings if not any(o != s and o in s for o in strings))
