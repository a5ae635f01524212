"""SQLite FTS5's `unicode61` tokenizer, read from SQLite itself, so that search folding cannot drift from it.

unicode61 works from its own Unicode 6.1 tables, not Python's `unicodedata`: which characters separate tokens
(letters unassigned in 6.1 and most combining marks are token characters, many symbols too), how a token
character folds (its own lower-casing, diacritics off Latin letters, `µ` -> `μ`) and which combining marks it
drops from a token outright.

The plain path is `sqlite_fold()`: give the text to SQLite and read back its tokens. `fold()` in fts.py gets
the same tokens from a copy of the tokenizer's table (`unicode61_table.py`, which `python -m
web.queries.unicode61` writes from the running SQLite), and tests/web/test_fts.py checks the two against each
other over every code point. What the copy buys, measured side by side on five typical searches: 17 us a
search against 4.1 ms for a new FTS5 table (0.48 ms with one kept open per thread), out of a page's 7-17 ms;
and fold() needs no database, so parsing a search is the same pure function on either store.
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

# The archive's FTS table options (models/migrations/versions/0002_search.py).
TOKENIZE = "unicode61 remove_diacritics 2"
# Not text SQLite can be given (no UTF-8 for them): fold() treats them as separators.
SURROGATES = (0xD800, 0xDFFF)
TABLE = Path(__file__).with_name("unicode61_table.py")


def fts_connection(tokenize: str = TOKENIZE) -> sqlite3.Connection:
    """An in-memory FTS5 table `doc(text)` with that tokenizer and a `doc_terms` instance view of it."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE doc USING fts5(text, tokenize='{tokenize}')")
    db.execute("CREATE VIRTUAL TABLE doc_terms USING fts5vocab(doc, 'instance')")
    return db


def sqlite_tokens(db: sqlite3.Connection, text: str) -> list[str]:
    """The tokens SQLite makes of `text`, in order."""
    db.execute("DELETE FROM doc")
    db.execute("INSERT INTO doc(rowid, text) VALUES (1, ?)", (text,))
    return [term for (term,) in db.execute("SELECT term FROM doc_terms ORDER BY offset")]


def sqlite_fold(text: str) -> list[str]:
    """The plain path of fts.fold(): the tokens SQLite itself makes of `text`, asked through a new in-memory
    FTS5 table. Surrogates, which SQLite cannot be given, separate tokens as fold() reads them."""
    low, high = SURROGATES
    text = "".join(" " if low <= ord(ch) <= high else ch for ch in text)
    with closing(fts_connection()) as db:
        return sqlite_tokens(db, text)


def code_points() -> list[int]:
    return [c for c in range(sys.maxunicode + 1) if not SURROGATES[0] <= c <= SURROGATES[1]]


def read_tokenizer(db: sqlite3.Connection) -> tuple[list[tuple[int, int]], dict[int, str]]:
    """(separator ranges, {code point: what it folds to} for every token character that changes).

    Each code point is tokenized as `x<c>x`: a separator gives the tokens `x`, `x`; a token character gives one
    token `x<folded>x`, `xx` when SQLite drops it."""
    points = code_points()
    tokens = iter(sqlite_tokens(db, " ".join(f"x{chr(c)}x" for c in points)))
    separators: list[tuple[int, int]] = []
    folds: dict[int, str] = {}
    for c in points:
        token = next(tokens)
        if token == "x":
            if next(tokens) != "x":
                raise AssertionError(f"U+{c:04X}: unexpected tokens around it")
            if separators and separators[-1][1] == c - 1:
                separators[-1] = (separators[-1][0], c)
            else:
                separators.append((c, c))
            continue
        if not (token.startswith("x") and token.endswith("x")):
            raise AssertionError(f"U+{c:04X}: unexpected token {token!r}")
        if token[1:-1] != chr(c):
            folds[c] = token[1:-1]
    if next(tokens, None) is not None:
        raise AssertionError("SQLite made more tokens than there are code points")
    return separators, folds


def _check(separators: list[tuple[int, int]], folds: dict[int, str]) -> None:
    """fold() applies the table once, so whatever a character folds to must be a token character folding to
    itself (else tokens would change when SQLite reads the query's own tokens again)."""

    def separator(c: int) -> bool:
        return any(start <= c <= end for start, end in separators)

    for c, folded in folds.items():
        for ch in folded:
            if separator(ord(ch)) or folds.get(ord(ch), ch) != ch:
                raise AssertionError(f"U+{c:04X} folds to {folded!r}, which SQLite would fold again")


def _rows(items: list[str], width: int = 116) -> list[str]:
    rows = [""]
    for item in items:
        if rows[-1] and len(rows[-1]) + 1 + len(item) > width:
            rows.append("")
        rows[-1] = f"{rows[-1]} {item}" if rows[-1] else item
    return ["    " + row for row in rows if row]


def render(separators: list[tuple[int, int]], folds: dict[int, str]) -> str:
    return "\n".join(
        [
            '"""Generated by `python -m web.queries.unicode61`; do not edit.',
            "",
            f"Read from SQLite {sqlite3.sqlite_version}, FTS5 tokenize='{TOKENIZE}'.",
            "SEPARATORS: code point ranges (inclusive) that separate tokens.",
            'FOLDS: token characters that SQLite writes otherwise ("" when it drops them); any other token',
            'character stands for itself."""',
            "",
            "SEPARATORS = (",
            *_rows([f"(0x{start:04X}, 0x{end:04X})," for start, end in separators]),
            ")",
            "",
            "FOLDS = {",
            *_rows([f"0x{c:04X}: {ascii(folds[c])}," for c in sorted(folds)]),
            "}",
            "",
        ]
    )


def main() -> None:
    separators, folds = read_tokenizer(fts_connection())
    _check(separators, folds)
    TABLE.write_text(render(separators, folds), encoding="utf-8")
    print(
        f"{TABLE}: {len(separators)} separator ranges, {len(folds)} folded characters (SQLite {sqlite3.sqlite_version})"
    )


if __name__ == "__main__":
    main()
