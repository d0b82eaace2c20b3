"""Submissions keep their history: a newer ledger supersedes the current one instead of deleting
it, the order of two ledgers is the date they give (填报日期), and refused ledgers are recorded.

Existing submissions become current, dated by the day they were ingested.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CURRENT_ONLY = sa.text("state = 'current'")


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("reported_on", sa.Date))
        batch.add_column(sa.Column("reported_by", sa.String(16)))
        batch.add_column(sa.Column("state", sa.String(16)))
        batch.add_column(sa.Column("replaced_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite")))
        batch.add_column(sa.Column("state_changed_at", sa.DateTime(timezone=True)))
    submissions = sa.table("submissions", sa.column("ingested_at", sa.DateTime), sa.column("reported_on", sa.Date),
                           sa.column("reported_by", sa.String), sa.column("state", sa.String))
    # SQLite keeps datetimes as ISO text, whose first ten characters are the date.
    day = (sa.func.substr(submissions.c.ingested_at, 1, 10) if op.get_bind().dialect.name == "sqlite"
           else sa.cast(submissions.c.ingested_at, sa.Date))
    op.execute(submissions.update().values(reported_on=day, reported_by="入库时间", state="current"))
    with op.batch_alter_table("submissions") as batch:
        batch.alter_column("reported_on", existing_type=sa.Date, nullable=False)
        batch.alter_column("reported_by", existing_type=sa.String(16), nullable=False)
        batch.alter_column("state", existing_type=sa.String(16), nullable=False)
        batch.drop_constraint("uq_submission_key", type_="unique")
        batch.create_index("uq_current_submission", ["township", "kind", "year"], unique=True,
                           sqlite_where=CURRENT_ONLY, postgresql_where=CURRENT_ONLY)
    op.create_table(
        "rejections",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("township", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("file_name", sa.String(1024), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_rejections_key", "rejections", ["year", "township", "kind"])


def downgrade() -> None:
    op.drop_index("ix_rejections_key", table_name="rejections")
    op.drop_table("rejections")
    op.execute(sa.text("DELETE FROM people WHERE submission_id IN (SELECT id FROM submissions WHERE state <> 'current')"))
    op.execute(sa.text("DELETE FROM targets WHERE submission_id IN (SELECT id FROM submissions WHERE state <> 'current')"))
    op.execute(sa.text("DELETE FROM roster WHERE submission_id IN (SELECT id FROM submissions WHERE state <> 'current')"))
    op.execute(sa.text("DELETE FROM submissions WHERE state <> 'current'"))
    with op.batch_alter_table("submissions") as batch:
        batch.drop_index("uq_current_submission")
        batch.create_unique_constraint("uq_submission_key", ["township", "kind", "year"])
        for name in ("state_changed_at", "replaced_id", "state", "reported_by", "reported_on"):
            batch.drop_column(name)
