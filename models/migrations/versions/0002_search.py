"""full-text search over documents, and the indexes the archive filters use

SQLite: an FTS5 external-content table over document title/summary/body kept in sync by triggers, plus an
fts5vocab view so the archive can read a term's document frequency before choosing a query shape.
PostgreSQL: a stored tsvector generated column with a GIN index.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE_UP = [
    "CREATE VIRTUAL TABLE document_fts USING fts5(title, summary, body, content='document', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE document_fts_vocab USING fts5vocab(document_fts, 'row')",
    "CREATE TRIGGER document_fts_ai AFTER INSERT ON document BEGIN "
    "INSERT INTO document_fts(rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body); "
    "END",
    # External-content FTS5 needs the old values to remove a row from the index.
    "CREATE TRIGGER document_fts_ad AFTER DELETE ON document BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, title, summary, body) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body); END",
    "CREATE TRIGGER document_fts_au AFTER UPDATE OF title, summary, body ON document BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, title, summary, body) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body); "
    "INSERT INTO document_fts(rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body); "
    "END",
    "INSERT INTO document_fts(document_fts) VALUES ('rebuild')",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS document_fts_au",
    "DROP TRIGGER IF EXISTS document_fts_ad",
    "DROP TRIGGER IF EXISTS document_fts_ai",
    "DROP TABLE IF EXISTS document_fts_vocab",
    "DROP TABLE IF EXISTS document_fts",
]
_PG_UP = [
    # Title weighs most, then summary, then body; the body is capped so one huge page cannot hit
    # the tsvector size limit and fail an insert.
    "ALTER TABLE document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, left(coalesce(body, ''), 200000)), 'C')) STORED",
    "CREATE INDEX ix_document_search_vector ON document USING gin (search_vector)",
]
_PG_DOWN = [
    "DROP INDEX IF EXISTS ix_document_search_vector",
    "ALTER TABLE document DROP COLUMN IF EXISTS search_vector",
]
# Filters: a source's items newest first, an organization's documents, a source's recent crawls,
# and the story of a document (the primary key starts with story_id).
_INDEXES = [
    ("ix_document_source_published", "document", ["source_key", "published_at"]),
    ("ix_mention_kind_canonical_document", "mention", ["kind", "canonical", "document_id"]),
    ("ix_signal_category_document", "signal", ["category", "document_id"]),
    ("ix_crawlrun_source_started", "crawlrun", ["source_key", "started_at"]),
    ("ix_storydocument_document", "storydocument", ["document_id"]),
]


def upgrade() -> None:
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns)
    statements = _SQLITE_UP if op.get_bind().dialect.name == "sqlite" else _PG_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = _SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else _PG_DOWN
    for statement in statements:
        op.execute(statement)
    for name, table, _columns in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
