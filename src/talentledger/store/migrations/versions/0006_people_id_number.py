"""An index on people's ID numbers: one person's rows (talentledger person) and the ladder's
look-ups across tracks and years find them without reading every row.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_people_id_number", "people", ["id_number"])


def downgrade() -> None:
    op.drop_index("ix_people_id_number", table_name="people")
