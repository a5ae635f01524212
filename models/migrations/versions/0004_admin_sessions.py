"""admin_session: server-side admin sign-ins, so that signing out ends a session in every process.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admin_session",
        sa.Column("id_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    with op.batch_alter_table("admin_session") as batch:
        batch.create_index("ix_admin_session_expires_at", ["expires_at"])


def downgrade() -> None:
    with op.batch_alter_table("admin_session") as batch:
        batch.drop_index("ix_admin_session_expires_at")
    op.drop_table("admin_session")
