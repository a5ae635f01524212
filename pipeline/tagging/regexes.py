"""The rule regexes, compiled for speed with the same matches as written.

Two rewrites, both checked at load time and both invisible in the results:
- a pattern whose letters all sit in (?i:...) groups runs, without the flag, over the lower-cased text,
  which the regex engine scans several times faster than a case-insensitive pattern;
- a leading word boundary (\\b) is lifted out of the pattern and checked in Python on each match: a
  pattern that starts with a set of literal words lets the engine jump straight to their first letters,
  while one that starts with \\b is tried at every position of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from core.errors import ConfigError
from pipeline.tagging.prefilter import requirements

MONEY = r"(?:US\$|A\$|C\$|HK\$|\$|€|£|¥)"


class RegexRule(NamedTuple):
    category: str
    subtopic: str
    exact: re.Pattern  # as written, over the original text
    fast: re.Pattern  # the rewrite, over the lower-cased text when `on_lower`
    on_lower: bool
    boundary: bool  # `fast` lost a leading \b that each match must satisfy
    requires: tuple[tuple[str, ...], ...]  # a string of each group is in every match (lower-cased; prefilter.py)

    def finditer(self, text: str, lower: str) -> Iterator[tuple[int, int]]:
        if self.on_lower and len(lower) != len(text):  # "İ" grows when lower-cased: offsets would drift
            yield from (m.span() for m in self.exact.finditer(text))
            return
        source, position = (lower if self.on_lower else text), 0
        while (match := self.fast.search(source, position)) is not None:
            start, end = match.span()
            if self.boundary and not _at_boundary(source, start):
                position = start + 1
                continue
            yield start, end
            position = end if end > start else start + 1


def compile_rule(category: str, subtopic: str, expression: str, path: Path) -> RegexRule:
    exact = _compile(expression.replace("MONEY", MONEY), expression, path)
    lowered = _lower_form(expression)
    body = lowered if lowered is not None else expression
    lifted = _lift_boundary(body)
    body = lifted if lifted is not None else body
    money = MONEY.lower() if lowered is not None else MONEY
    fast = _compile(body.replace("MONEY", money), expression, path)
    return RegexRule(category, subtopic, exact, fast, lowered is not None, lifted is not None, requirements(exact))


def _at_boundary(text: str, position: int) -> bool:
    before = position > 0 and _word(text[position - 1])
    after = position < len(text) and _word(text[position])
    return before != after


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _lower_form(expression: str) -> str | None:
    """The pattern for lower-cased text, or None when a letter outside every (?i:...) group matches by case."""
    outside, parts, cursor = [], [], 0
    while (start := expression.find("(?i:", cursor)) >= 0:
        end = _closing(expression, start)
        inner = expression[start + 4 : end]
        if end < 0 or re.search(r"[A-Z]", _unescaped(inner)):
            return None  # an upper-case literal inside the group could never match lower-cased text
        outside.append(expression[cursor:start])
        parts += [expression[cursor:start], "(?:", inner, ")"]
        cursor = end + 1
    outside.append(expression[cursor:])
    parts.append(expression[cursor:])
    if re.search(r"[A-Za-z]", _unescaped("".join(outside).replace("MONEY", ""))):
        return None
    return "".join(parts)


def _lift_boundary(expression: str) -> str | None:
    """`expression` without its leading \\b, or None when it has none that applies to every match."""
    if expression.startswith(r"\b"):
        return expression[2:]
    # Not out of a (?i:...) group: a case-insensitive set of words gives the engine no first letters to jump
    # to, and without the boundary it would try every word at every position.
    if expression.startswith(r"(?:\b"):
        end = _closing(expression, 0)
        if end > 0 and not _top_level_bar(expression[3:end]):
            return "(?:" + expression[5:]
    return None


def _structure(expression: str, start: int = 0):
    """(index, character, depth) of every character outside escapes and character classes, from `start`;
    depth counts the parentheses open at that character (an opening one included, a closing one too)."""
    depth, i, in_class = 0, start, False
    while i < len(expression):
        ch = expression[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            depth += ch == "("
            yield i, ch, depth
            depth -= ch == ")"
        i += 1


def _top_level_bar(expression: str) -> bool:
    return any(ch == "|" and depth == 0 for _, ch, depth in _structure(expression))


def _closing(expression: str, opening: int) -> int:
    """Index of the parenthesis closing the one at `opening` (escapes and character classes skipped)."""
    for i, ch, depth in _structure(expression, opening):
        if ch == ")" and depth == 1:
            return i
    return -1


def _unescaped(expression: str) -> str:
    return re.sub(r"\\.", "", expression)


def _compile(pattern: str, written: str, path: Path) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"bad regex {written!r}: {exc}", resource=str(path)) from exc
