"""Organisations in name order with their path: the evaluation list's page (a year's
evaluations in the scope, by unit name) walks the units by name and stops at the page's
end instead of sorting the scope's every evaluation of the year.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_organisations_by_name', 'organisations', ['name', 'id', 'path'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_organisations_by_name', table_name='organisations')
