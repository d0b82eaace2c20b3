"""Submissions, people of the three tracks, targets and roster.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# A migration is a frozen record of the schema at its version: it repeats the column lists
# instead of importing store/schema.py, which moves on with later versions.
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
DATE_FIELDS = ("birth", "join_date", "start_date", "talent_date", "application_date", "activist_date",
               "candidate_date", "probation_date", "full_date", "reserve_date", "appointed_date")
TEXT_FIELDS = ("name", "gender", "id_number", "ethnicity", "education", "township", "organization", "sector",
               "contact", "phone", "remarks", "talent_category", "status", "specialty", "stage", "introducers",
               "position", "direction", "leader_contact", "appointed_post")


def _rows_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("submission_id", Id, sa.ForeignKey("submissions.id"), nullable=False),
        *columns,
    )
    op.create_index(f"ix_{name}_submission_id", name, ["submission_id"])


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("township", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("file_name", sa.String(1024), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("sheet", sa.String(255), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("township", "kind", "year", name="uq_submission_key"),
    )
    _rows_table(
        "people",
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source_row", sa.Integer, nullable=False),
        sa.Column("birth_date", sa.Date),
        sa.Column("trainings", sa.Integer),
        *(sa.Column(n, sa.String(10)) for n in DATE_FIELDS),
        *(sa.Column(n, sa.Text if n in ("remarks", "introducers") else sa.String(255)) for n in TEXT_FIELDS),
    )
    _rows_table(
        "targets",
        sa.Column("source_row", sa.Integer, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("township", sa.String(64), nullable=False),
        *(sa.Column(n, sa.Integer) for n in ("member_to_talent", "activists", "developed", "cadres")),
    )
    _rows_table(
        "roster",
        sa.Column("source_row", sa.Integer, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("township", sa.String(64), nullable=False),
        *(sa.Column(n, sa.Integer) for n in ("members_total", "talent_members", "young_members",
                                             "educated_members", "female_members")),
    )


def downgrade() -> None:
    for name in ("roster", "targets", "people", "submissions"):
        op.drop_table(name)
