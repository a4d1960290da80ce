"""The lease of a job item a worker took: taken_at, worker, attempts

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (ALTER TABLE … ADD COLUMN) on both databases: nothing is copied.
    op.add_column('job_items', sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('job_items', sa.Column('worker', sa.String(length=100), nullable=True))
    op.add_column('job_items', sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_job_items_status_taken_at', 'job_items', ['status', 'taken_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_job_items_status_taken_at', table_name='job_items')
    with op.batch_alter_table('job_items', schema=None) as batch_op:
        batch_op.drop_column('attempts')
        batch_op.drop_column('worker')
        batch_op.drop_column('taken_at')
