"""User search text parsed into a safe full-text query.

People type words and "quoted phrases". Everything else that looks like search-engine syntax (NEAR(),
prefix stars, column filters, unbalanced quotes) is refused with a message instead of being passed to
FTS5 or PostgreSQL, where it would either error or silently mean something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import InputError
from web.queries import unicode61, unicode61_table

MAX_CHARS = 200
MAX_UNITS = 8
_UNIT = re.compile(r'"([^"]*)"|([^\s"]+)')
_OPERATORS = (
    (re.compile(r"\bNEAR\s*[(/]", re.IGNORECASE), "NEAR(...)"),
    (re.compile(r"[*^{}]"), "* ^ { }"),
    (re.compile(r"(?:^|\s)[A-Za-z_]+:\S"), "column:term"),
)


@dataclass(frozen=True)
class SearchText:
    """The words of a search, as the FTS tokenizer sees them: each unit is a word or a phrase."""

    raw: str
    units: tuple[tuple[str, ...], ...]
    texts: tuple[str, ...]  # each unit as typed (no quotes), for PostgreSQL's own parser

    def fts5(self) -> str:
        """An FTS5 MATCH string: every unit a quoted string, all of them required."""
        return " ".join('"' + " ".join(unit).replace('"', '""') + '"' for unit in self.units)

    def phrases(self) -> list[str]:
        """One quoted phrase per unit for websearch_to_tsquery: inside quotes, "or" and "-" are not operators.

        The text goes as typed so that PostgreSQL tokenizes it exactly as it tokenized the documents.
        """
        return ['"' + text + '"' for text in self.texts]

    def tokens(self) -> list[str]:
        return [token for unit in self.units for token in unit]


def _separator_class() -> re.Pattern[str]:
    ranges = (*unicode61_table.SEPARATORS, unicode61.SURROGATES)
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]+")


# unicode61 reads text by its own Unicode 6.1 tables (web/queries/unicode61.py): Python's \w, lower() and
# NFD disagree with it on combining marks, unassigned and private-use characters, symbols, ligatures, ß...
_SEPARATORS = _separator_class()
_FOLDS = unicode61_table.FOLDS


def fold(text: str) -> list[str]:
    """Tokens the way FTS5's unicode61 tokenizer with remove_diacritics=2 makes them."""
    return [token for token in _SEPARATORS.split(text.translate(_FOLDS)) if token]


def parse_search(text: str | None) -> SearchText | None:
    """None for an empty search; InputError (resource "q") for text we will not interpret."""
    raw = (text or "").strip()
    if not raw:
        return None
    if len(raw) > MAX_CHARS:
        raise InputError(f"search text is longer than {MAX_CHARS} characters", resource="q")
    if raw.count('"') % 2:
        raise InputError('search has an unbalanced double quote; put a phrase "between quotes"', resource="q")
    for pattern, shown in _OPERATORS:
        if pattern.search(raw):
            raise InputError(f'search operators ({shown}) are not supported; type words or "a phrase"', resource="q")
    pairs = [(fold(p or w), p or w) for p, w in _UNIT.findall(raw)]
    units = tuple(tuple(words) for words, _ in pairs if words)
    if not units:
        raise InputError("search has no words to look for", resource="q")
    if len(units) > MAX_UNITS:
        raise InputError(f"search has more than {MAX_UNITS} words or phrases", resource="q")
    return SearchText(raw=raw, units=units, texts=tuple(text.strip() for words, text in pairs if words))
