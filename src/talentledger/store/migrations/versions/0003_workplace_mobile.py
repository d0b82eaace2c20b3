"""Two facts real ledgers keep beside the party organisation and the phone: the 工作单位 and the
手机号码 (they used to be taken for duplicates of 所在党组织 and 联系电话).

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
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("workplace", sa.String(255)))
        batch.add_column(sa.Column("mobile", sa.String(255)))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("mobile")
        batch.drop_column("workplace")
