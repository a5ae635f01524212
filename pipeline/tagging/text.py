"""The one text the tagger reads per document, cleaned and bounded, and the sentence around any span.

Title, summary and the first paragraphs of the body are joined with newlines so that a title never runs
into the summary's first sentence. Work per document is bounded by a character budget: long bodies cost
the same as short ones.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from core.sanitize import html_to_text, strip_control

MAX_CHARS = 2000  # title + summary + the first paragraphs of the body
BODY_PARAGRAPHS = 3

_HTML_HINT = re.compile(r"<[a-zA-Z/!]|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
# A sentence ends at . ! ? (optionally closed by a quote or bracket) before whitespace and a capital, digit
# or quote, unless the period closes an initial ("U.S. Steel"); and at every newline (title, paragraphs).
# Written to start with the punctuation itself (a match's sentence end is one past its start) rather than a
# lookbehind for it.
SENTENCE_END_PLAIN = re.compile(r"[.!?](?<!\b[A-Z]\.)[\"'”’)\]]*\s+(?=[A-Z0-9\"“‘'(])|\n+")
# The same matches, written to start with one character set: the regex engine jumps from one of . ! ? or a
# newline to the next only when a pattern opens with a set (or a literal in every branch); the plain form's
# two branches made it try every position (3.7 µs on a headline and summary, 0.9 µs this way). Each branch
# then checks, looking back, which character opened it. tests/tagging/test_text.py holds them equal.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])(?<!\b[A-Z]\.)[\"'”’)\]]*\s+(?=[A-Z0-9\"“‘'(])|(?<=\n)\n*)")


def clean(text: str | None) -> str:
    """Plain, single-spaced text: control characters, null bytes and HTML remnants removed."""
    if not text:
        return ""
    text = str(text)
    # Most headlines and summaries are one printable line: no control character, no newline and no other
    # whitespace than the space (all of those are unprintable), so cleaning is collapsing spaces. What
    # clean_plain gives them (tests/tagging/test_text.py), at a third of its cost.
    if text.isprintable() and not _HTML_HINT.search(text):
        return " ".join(text.split())
    return clean_plain(text)


def clean_plain(text: str | None) -> str:
    """clean without its shortcut: the reference."""
    if not text:
        return ""
    text = strip_control(str(text))
    if _HTML_HINT.search(text):
        text = html_to_text(text)
    return "\n".join(_WS.sub(" ", line).strip() for line in text.split("\n") if line.strip())


def compose(title: str | None, summary: str | None = "", body: str | None = "") -> str:
    """Title, summary and the body's first paragraphs as one bounded text."""
    parts = [" ".join(clean(title).split()), clean(summary)]
    if body:
        paragraphs = clean(body[: MAX_CHARS * 4]).split("\n")
        parts.append("\n".join(paragraphs[:BODY_PARAGRAPHS]))
    text = "\n".join(p for p in parts if p)
    return _cut(text, MAX_CHARS)


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary so no amount is split in half."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence (or title line) holding text[start:end]."""
    starts, ends = _boundaries(text)
    index = max(bisect_right(starts, start) - 1, 0)
    while index + 1 < len(starts) and ends[index] < end:  # a span across a boundary ("U.S. Steel") widens
        index += 1
    first = max(bisect_right(starts, start) - 1, 0)
    return text[starts[first] : ends[index]].strip()


@lru_cache(maxsize=16)
def _boundaries(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every sentence; cached because one document asks many times."""
    starts, ends = [0], []
    for match in _SENTENCE_END.finditer(text):
        ends.append(match.start() + (text[match.start()] != "\n"))
        starts.append(match.end())
    ends.append(len(text))
    return starts, ends
