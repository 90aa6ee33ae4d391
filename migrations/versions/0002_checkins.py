"""check-ins, answers, suggestions; users.next_due_at and breakup_date

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.base import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("next_due_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("breakup_date", sa.Date(), nullable=True))
        batch.create_index(batch.f("ix_users_next_due_at"), ["next_due_at"])
    op.create_table(
        "checkins",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("prompt_id", sa.String(length=60), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("on_demand", sa.Boolean(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("retry_at", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("error", sa.String(length=40), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("mood", sa.SmallInteger(), nullable=True),
        sa.Column("trigger", sa.String(length=24), nullable=True),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("remind_at", UTCDateTime(), nullable=True),
        sa.Column("replied_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name=op.f("fk_checkins_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint("user_id", "local_date", "kind", name=op.f("uq_checkins_user_id")),
    )
    op.create_index("ix_checkins_status_retry_at", "checkins", ["status", "retry_at"])
    op.create_index("ix_checkins_remind_at", "checkins", ["remind_at"])
    op.create_table(
        "answers",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("checkin_id", BigId, nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("parts", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkins.id"],
            ondelete="CASCADE",
            name=op.f("fk_answers_checkin_id_checkins"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name=op.f("fk_answers_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
        sa.UniqueConstraint("checkin_id", name=op.f("uq_answers_checkin_id")),
    )
    op.create_index(op.f("ix_answers_user_id"), "answers", ["user_id"])
    op.create_table(
        "suggestions",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("idea_id", sa.String(length=60), nullable=False),
        sa.Column("checkin_id", BigId, nullable=True),
        sa.Column("feedback", sa.String(length=16), nullable=True),
        sa.Column("shown_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkins.id"],
            ondelete="SET NULL",
            name=op.f("fk_suggestions_checkin_id_checkins"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name=op.f("fk_suggestions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
    )
    op.create_index(op.f("ix_suggestions_user_id"), "suggestions", ["user_id"])


def downgrade() -> None:
    op.drop_table("suggestions")
    op.drop_table("answers")
    op.drop_index("ix_checkins_remind_at", table_name="checkins")
    op.drop_index("ix_checkins_status_retry_at", table_name="checkins")
    op.drop_table("checkins")
    with op.batch_alter_table("users") as batch:
        batch.drop_index(batch.f("ix_users_next_due_at"))
        batch.drop_column("breakup_date")
        batch.drop_column("next_due_at")
