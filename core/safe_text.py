"""Text from strangers made safe for one line: a mail header, a field of the sources file, or a row printed on
the operator's terminal. The one definition of what cannot stand in such a line (UNSAFE).

A feed headline or a subscriber's name may hold line breaks in any spelling (CR, LF, NEL, U+2028/2029),
other control characters, or an RFC 2047 encoded-word (`=?utf-8?b?...?=`) whose *decoded* text does.
CPython's email package before 3.11.10 / 3.12.5 (CVE-2024-6923) writes such a word back raw when it folds
a header, so a reader decodes it into new header lines. Whatever the interpreter does, a header built from
`header_text` carries neither: controls become spaces and `=?` can no longer open an encoded-word.
"""

from __future__ import annotations

import re

# C0, DEL and C1 (NEL is U+0085), the line and paragraph separators, surrogates (unencodable), the
# byte-order mark, and the bidirectional controls that make a name read differently from its bytes.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff]")
ENCODED_WORD_START = "=?"
_NEUTRAL_START = "= ?"


def one_line(text: str) -> str:
    """Every unsafe character read as a space, runs of white space folded to one, ends trimmed."""
    return " ".join(UNSAFE.sub(" ", text or "").split())


def header_text(text: str, *, limit: int | None = None) -> str:
    """Text that is safe as a header's words: one line, no control character, no encoded-word, at most
    `limit` characters (cut with an ellipsis, which cannot rejoin a neutralized `=?`)."""
    line = one_line(text).replace(ENCODED_WORD_START, _NEUTRAL_START)
    if limit is not None and len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


def terminal_text(text: str) -> str:
    """Stored text as the terminal should print it: each unsafe character shown as its escape, not obeyed."""
    return UNSAFE.sub(lambda match: match.group(0).encode("unicode_escape").decode("ascii"), text or "")
