"""The quality assessment's warnings already shown, so a repeat is marked 已通报 with its first date.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shown_alerts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("township", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("first_shown", sa.Date, nullable=False),
        sa.Column("last_shown", sa.Date, nullable=False),
    )
    op.create_index("uq_shown_alert", "shown_alerts", ["code", "township", "subject"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_shown_alert", table_name="shown_alerts")
    op.drop_table("shown_alerts")
