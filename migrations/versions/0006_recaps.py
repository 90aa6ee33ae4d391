"""weekly recaps: the person's choice of day, and one row per recap sent

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.base import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Existing people get Sunday and "on"; the delivery tick schedules their first recap.
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("recap_weekday", sa.SmallInteger(), nullable=False, server_default="6")
        )
        batch.add_column(
            sa.Column("recap_enabled", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("next_recap_at", UTCDateTime(), nullable=True))
        batch.create_index(op.f("ix_users_next_recap_at"), ["next_recap_at"])
    op.create_table(
        "recaps",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("retry_at", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=40), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name=op.f("fk_recaps_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recaps")),
        sa.UniqueConstraint("user_id", "local_date", name=op.f("uq_recaps_user_id")),
    )
    op.create_index(op.f("ix_recaps_status"), "recaps", ["status"])


def downgrade() -> None:
    op.drop_table("recaps")
    with op.batch_alter_table("users") as batch:
        batch.drop_index(op.f("ix_users_next_recap_at"))
        batch.drop_column("next_recap_at")
        batch.drop_column("recap_enabled")
        batch.drop_column("recap_weekday")
