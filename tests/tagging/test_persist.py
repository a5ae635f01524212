"""Signals and mentions in the store (SQLite and PostgreSQL), and re-tagging after a version change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from models.db import session_scope
from models.tables import Document, Mention, Signal
from pipeline.tagging import Tagger
from pipeline.tagging.persist import tag_documents, tag_pending

ITEMS = [
    ("Quillstream raises $45 million for GPU clouds", "Investors include Accel. The 1 GW site is in Ohio."),
    ("Hackers breach hospital network", "Records of 40,000 patients were stolen. CVE-2026-1111 was used."),
    ("The best budget headphones to buy this spring", "Our reviewers tested twelve pairs."),
]


def _documents(url: str) -> list[int]:
    with session_scope(url) as session:
        docs = [
            Document(
                canonical_url=f"https://example.test/{i}",
                original_url=f"https://example.test/{i}",
                title=title,
                summary=summary,
                source_key="test",
                content_hash=f"h{i}",
                published_at=datetime(2026, 3, 1 + i, tzinfo=UTC),
            )
            for i, (title, summary) in enumerate(ITEMS)
        ]
        session.add_all(docs)
        session.flush()
        return [d.id for d in docs]


def _rows(url: str, model, document_id: int) -> list:
    with session_scope(url) as session:
        return list(session.exec(select(model).where(model.document_id == document_id)).all())


@pytest.fixture(scope="module")
def rules_only():
    return Tagger(model_dir=None)  # a different version from the shipped tagger: rules hash, model "none"


def test_signals_and_mentions_written(db_url, tagger):
    ids = _documents(db_url)
    with session_scope(db_url) as session:
        docs = list(session.exec(select(Document).order_by(Document.id)).all())
        assert tag_documents(session, tagger, docs) == 3
    capital = {s.category: s for s in _rows(db_url, Signal, ids[0])}["capital"]
    assert capital.tagger_version == tagger.version and capital.decided_by in {"rule", "rule+model"}
    assert capital.evidence["sentence"] == ITEMS[0][0]
    mentions = {(m.kind, m.text): m for m in _rows(db_url, Mention, ids[0])}
    amount = mentions[("amount", "$45 million")]
    assert (amount.value, amount.unit, amount.extra["role"]) == (45e6, "USD", "raised")
    assert mentions[("org", "Accel")].canonical == "Accel"
    assert mentions[("measure", "1 GW")].unit == "GW"
    assert ("measure", "CVE-2026-1111") in {(m.kind, m.text) for m in _rows(db_url, Mention, ids[1])}
    assert _rows(db_url, Signal, ids[2]) == []  # no category, but marked as tagged:
    with session_scope(db_url) as session:
        assert session.get(Document, ids[2]).tagged_version == tagger.version
        assert tag_pending(session, tagger=tagger).documents == 0


def test_retag_with_new_version_replaces_only_those_documents(db_url, tagger, rules_only):
    ids = _documents(db_url)
    with session_scope(db_url) as session:
        tag_documents(session, tagger, list(session.exec(select(Document)).all()))
    before_other = {(s.id, s.tagger_version) for s in _rows(db_url, Signal, ids[1])}
    with session_scope(db_url) as session:
        tag_documents(session, rules_only, [session.get(Document, ids[0])])
    assert {s.tagger_version for s in _rows(db_url, Signal, ids[0])} == {rules_only.version}
    assert {m.tagger_version for m in _rows(db_url, Mention, ids[0])} == {rules_only.version}
    assert {(s.id, s.tagger_version) for s in _rows(db_url, Signal, ids[1])} == before_other

    with session_scope(db_url) as session:
        report = tag_pending(session, tagger=rules_only, batch_size=1)
    assert (report.documents, report.version) == (2, rules_only.version)
    for document_id in ids:
        assert {m.tagger_version for m in _rows(db_url, Mention, document_id)} <= {rules_only.version}


def test_tag_pending_since(db_url, tagger):
    ids = _documents(db_url)
    with session_scope(db_url) as session:
        report = tag_pending(session, tagger=tagger, since=datetime(2026, 3, 2, tzinfo=UTC))
        assert report.documents == 2
        assert "tagged_version" not in (session.get(Document, ids[0]).extra or {})
