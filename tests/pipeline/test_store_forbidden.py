"""A KEV entry or feed item whose text holds NUL, a lone surrogate or a non-character is stored, on SQLite
and on PostgreSQL (which refuses NUL in text and a lone surrogate in JSON), without them: the batch it came
in is not lost."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from core.items import RawItem
from models import Document, session_scope
from pipeline.store import store_items

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@pytest.mark.parametrize("char", ["\x00", "\ud800", "\ufffe"], ids=lambda c: f"U+{ord(c):04X}")
def test_forbidden_characters_never_cost_the_batch(db_url, char):
    def item(n: int, text: str) -> RawItem:
        return RawItem(
            source_key="cisa-kev",
            url=f"https://nvd.example/CVE-2026-{n}",
            title=f"Vendor{text} flaw {n}",
            summary_html=f"<p>Patch{text} now</p>",
            published="2026-04-15T06:00:00Z",
            fetched_at="2026-04-15T08:00:00Z",
            guid=f"CVE-2026-{n}{text}",
            extra={"vendor": f"Acme{text}", "notes": [f"see{text} advisory"], "cve": f"CVE-2026-{n}"},
        )

    with session_scope(db_url) as session:
        result = store_items(session, [item(1, ""), item(2, char), item(3, "")])
    assert (result.new, result.errors) == (3, [])
    with session_scope(db_url) as session:
        stored = session.exec(select(Document).order_by(Document.canonical_url)).all()
    assert [d.title for d in stored] == ["Vendor flaw 1", "Vendor flaw 2", "Vendor flaw 3"]
    assert stored[1].extra["vendor"] == "Acme" and stored[1].extra["notes"] == ["see advisory"]
    for doc in stored:
        assert not FORBIDDEN.search(f"{doc.title} {doc.summary} {doc.extra!r}")
