"""reasons, urges, unsent messages

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.base import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _owned(table: str, *columns: sa.Column[object]) -> None:
    op.create_table(
        table,
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name=op.f(f"fk_{table}_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_user_id"), table, ["user_id"])


def upgrade() -> None:
    _owned(
        "reasons",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    _owned(
        "urges",
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("check_back_at", UTCDateTime(), nullable=True),
        sa.Column("checked_back_at", UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_urges_check_back_at", "urges", ["check_back_at"])
    _owned(
        "unsent_messages",
        sa.Column("urge_id", BigId, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["urge_id"],
            ["urges.id"],
            ondelete="SET NULL",
            name=op.f("fk_unsent_messages_urge_id_urges"),
        ),
    )


def downgrade() -> None:
    op.drop_table("unsent_messages")
    op.drop_table("urges")
    op.drop_table("reasons")
