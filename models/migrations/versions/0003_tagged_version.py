"""Document.tagged_version: which tagger version last tagged a document, indexed for the pending query.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("tagged_version", sa.String(length=64), nullable=True))
        batch.create_index("ix_document_tagged_version", ["tagged_version"])
    # The marker used to live in the extra JSON; carry it over.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE document SET tagged_version = extra->>'tagged_version' WHERE extra->>'tagged_version' IS NOT NULL")
    else:
        op.execute("UPDATE document SET tagged_version = json_extract(extra, '$.tagged_version') "
                   "WHERE json_extract(extra, '$.tagged_version') IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_index("ix_document_tagged_version")
        batch.drop_column("tagged_version")
