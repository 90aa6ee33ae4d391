"""trackers, tracker events, milestones

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.db.base import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], ondelete="CASCADE", name=op.f(f"fk_{table}_user_id_users")
    )


def _tracker_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tracker_id"],
        ["trackers.id"],
        ondelete="CASCADE",
        name=op.f(f"fk_{table}_tracker_id_trackers"),
    )


def _checkin_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["checkin_id"],
        ["checkins.id"],
        ondelete="SET NULL",
        name=op.f(f"fk_{table}_checkin_id_checkins"),
    )


def upgrade() -> None:
    op.create_table(
        "trackers",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("platform", sa.String(length=40), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("goal_days", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _user_fk("trackers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trackers")),
    )
    op.create_index(op.f("ix_trackers_user_id"), "trackers", ["user_id"])
    op.create_table(
        "tracker_events",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("tracker_id", BigId, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("what", sa.String(length=24), nullable=True),
        sa.Column("trigger", sa.String(length=24), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("checkin_id", BigId, nullable=True),
        sa.Column("undone_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _tracker_fk("tracker_events"),
        _user_fk("tracker_events"),
        _checkin_fk("tracker_events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracker_events")),
    )
    op.create_index(
        "ix_tracker_events_tracker_id_local_date", "tracker_events", ["tracker_id", "local_date"]
    )
    op.create_index(op.f("ix_tracker_events_user_id"), "tracker_events", ["user_id"])
    op.create_table(
        "milestones",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("tracker_id", BigId, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("streak_start", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("checkin_id", BigId, nullable=True),
        sa.Column("reached_on", sa.Date(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _tracker_fk("milestones"),
        _user_fk("milestones"),
        _checkin_fk("milestones"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
        sa.UniqueConstraint(
            "tracker_id", "streak_start", "days", name=op.f("uq_milestones_tracker_id")
        ),
    )
    op.create_index(op.f("ix_milestones_user_id"), "milestones", ["user_id"])


def downgrade() -> None:
    op.drop_table("milestones")
    op.drop_table("tracker_events")
    op.drop_table("trackers")
