"""Target 7: the archive's search box. User text -> parse_search -> an FTS5 MATCH run on a real FTS5 table.

Refusals must be InputErrors naming the `q` field (the web app maps them to 400); anything parse_search lets
through must be accepted by SQLite, and must find a document that holds the searched words.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

from tests.fuzz.checks import Unsanitized, expect


@lru_cache(maxsize=1)
def fts_table() -> sqlite3.Connection:
    """The archive's FTS5 table definition (migration 0002), in memory."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE doc USING fts5(title, summary, body, tokenize='unicode61 remove_diacritics 2')")
    return db


def check_search(text: str) -> None:
    from core.errors import InputError
    from web.queries.fts import parse_search

    try:
        search = parse_search(text)
    except InputError as exc:
        expect(exc.resource == "q", f"refusal names {exc.resource!r}, not the q field")
        return
    if search is None:
        expect(not text.strip(), f"{text!r} read as an empty search")
        return
    db = fts_table()
    try:
        db.execute("INSERT INTO doc(rowid, title, summary, body) VALUES (1, ?, '', '')", (text.replace('"', " "),))
        hits = db.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (search.fts5(),)).fetchall()
    except sqlite3.Error as exc:
        raise Unsanitized(f"SQLite refused {search.fts5()!r} from {text!r}: {exc}") from None
    finally:
        db.execute("DELETE FROM doc")
    expect(hits == [(1,)], f"a document holding the searched text {text!r} is not found by {search.fts5()!r}")
