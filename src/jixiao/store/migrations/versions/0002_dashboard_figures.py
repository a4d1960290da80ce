"""Dashboard figures: 三公经费, budget and final totals and the submission time on each
evaluation, and its findings counted by rule and level.

Existing evaluations are filled from their current version's stored result (and the time
of their last submission), once, here; afterwards every save fills them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evaluation_findings',
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_evaluation_findings_evaluation_id_evaluations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['organisations.id'], name=op.f('fk_evaluation_findings_unit_id_organisations')),
    sa.PrimaryKeyConstraint('evaluation_id', 'code', 'level', name=op.f('pk_evaluation_findings'))
    )
    with op.batch_alter_table('evaluation_findings', schema=None) as batch_op:
        batch_op.create_index('ix_evaluation_findings_year_unit', ['year', 'unit_id', 'code', 'level', 'count'], unique=False)

    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('three_public_expenses', sa.Numeric(precision=20, scale=4), nullable=True))
        batch_op.add_column(sa.Column('budget_total', sa.Numeric(precision=20, scale=4), nullable=True))
        batch_op.add_column(sa.Column('final_total', sa.Numeric(precision=20, scale=4), nullable=True))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_evaluations_dashboard', ['year', 'unit_id', 'kind', 'status', 'grade', 'execution_rate', 'self_score', 'review_score', 'errors', 'times_returned', 'three_public_expenses', 'submitted_at'], unique=False)

    _fill_existing()


_FOUR = Decimal("0.0001")


def _figure(resolved: dict[str, Any], concept: str) -> Decimal | None:
    fact = resolved.get(concept) or {}
    text = "".join(ch for ch in str(fact.get("value") or "") if ch.isdigit() or ch in ".-")
    try:
        number = Decimal(text) if text else None
    except InvalidOperation:
        return None
    if number is not None and fact.get("unit") == "元":
        number = number / 10000
    return number.quantize(_FOUR) if number is not None else None


def _fill_existing() -> None:
    bind = op.get_bind()
    evaluations = sa.table('evaluations', sa.column('id', sa.Integer()), sa.column('version', sa.Integer()),
                           sa.column('year', sa.Integer()), sa.column('unit_id', sa.Integer()),
                           sa.column('three_public_expenses', sa.Numeric()), sa.column('budget_total', sa.Numeric()),
                           sa.column('final_total', sa.Numeric()), sa.column('submitted_at', sa.DateTime()))
    versions = sa.table('versions', sa.column('evaluation_id', sa.Integer()), sa.column('number', sa.Integer()),
                        sa.column('result', sa.JSON()))
    transitions = sa.table('transitions', sa.column('evaluation_id', sa.Integer()), sa.column('action', sa.String()),
                           sa.column('created_at', sa.DateTime()))
    findings = sa.table('evaluation_findings', sa.column('evaluation_id', sa.Integer()), sa.column('code', sa.String()),
                        sa.column('level', sa.String()), sa.column('count', sa.Integer()),
                        sa.column('year', sa.Integer()), sa.column('unit_id', sa.Integer()))
    rows = bind.execute(sa.select(evaluations.c.id, evaluations.c.year, evaluations.c.unit_id, versions.c.result).join(
        versions, sa.and_(versions.c.evaluation_id == evaluations.c.id, versions.c.number == evaluations.c.version)))
    for evaluation_id, year, unit_id, result in rows.all():
        if isinstance(result, str):
            result = json.loads(result)
        result = result or {}
        resolved = result.get("resolved") or {}
        budget = _figure(resolved, "funds.total.full_year")
        bind.execute(evaluations.update().where(evaluations.c.id == evaluation_id).values(
            three_public_expenses=_figure(resolved, "three_public.total.final"),
            budget_total=budget if budget is not None else _figure(resolved, "funds.total.initial"),
            final_total=_figure(resolved, "funds.total.final")))
        counts: dict[tuple[str, str], int] = {}
        for finding in result.get("findings") or []:
            key = (str(finding.get("code") or "")[:80], str(finding.get("level") or ""))
            counts[key] = counts.get(key, 0) + 1
        if counts:
            bind.execute(findings.insert(), [{"evaluation_id": evaluation_id, "code": code, "level": level,
                                              "count": n, "year": year, "unit_id": unit_id}
                                             for (code, level), n in counts.items()])
    last_submit = (sa.select(sa.func.max(transitions.c.created_at))
                   .where(transitions.c.evaluation_id == evaluations.c.id, transitions.c.action == 'submit')
                   .scalar_subquery())
    bind.execute(evaluations.update().values(submitted_at=last_submit))


def downgrade() -> None:
    op.drop_index('ix_evaluations_dashboard', table_name='evaluations')
    # Dropped in place, never by copying the table: on SQLite a copy drops the old table,
    # and with foreign keys on that deletes every version and transition (ON DELETE CASCADE).
    for column in ('submitted_at', 'final_total', 'budget_total', 'three_public_expenses'):
        op.execute(f'ALTER TABLE evaluations DROP COLUMN {column}')

    with op.batch_alter_table('evaluation_findings', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluation_findings_year_unit')

    op.drop_table('evaluation_findings')
