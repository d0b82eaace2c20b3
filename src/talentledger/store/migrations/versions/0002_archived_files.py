"""Content a batch run has accepted and archived, so that the same file sent again is not
ingested twice (it used to be found by reading the whole batch log).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archived_files",
        sa.Column("file_hash", sa.String(64), primary_key=True),
        sa.Column("file_name", sa.String(1024), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("archived_files")
