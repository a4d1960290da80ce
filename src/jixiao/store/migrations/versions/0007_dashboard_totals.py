"""Findings by rule and 三公经费 totalled per organisation and year (kept with every save
from now on); the organisations' path index with their kind and name beside it, and the
dashboard's covering index ending with the evaluation's id.

The totals of existing evaluations are worked out once, here: from each evaluation's counts
by rule (``evaluation_findings``) and from the 三公经费 on the 整体支出 evaluations, per unit
and year in the database, then added up the organisation tree by the units' paths.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('finding_totals',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('evaluations', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_finding_totals_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('organisation_id', 'year', 'code', 'level', name=op.f('pk_finding_totals'))
    )
    op.create_table('three_public_totals',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('total', sa.Numeric(precision=20, scale=4), nullable=False),
    sa.Column('evaluations', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_three_public_totals_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('organisation_id', 'year', name=op.f('pk_three_public_totals'))
    )
    _fill_existing()
    _fill_three_public()
    # the scope's index on path, now with the kind and the name beside it (indexes only:
    # never a copy of the table, which on SQLite would cascade-delete what refers to it)
    op.create_index('ix_organisations_scope', 'organisations', ['path', 'kind', 'name'], unique=False)
    op.drop_index('ix_organisations_path', table_name='organisations')
    # the dashboard's covering index ends with the id (PostgreSQL ranks evaluations from it)
    op.drop_index('ix_evaluations_dashboard', table_name='evaluations')
    op.create_index('ix_evaluations_dashboard', 'evaluations', [*_DASHBOARD, 'id'], unique=False)


_DASHBOARD = ['year', 'unit_id', 'kind', 'status', 'grade', 'execution_rate', 'self_score', 'review_score', 'errors',
              'times_returned', 'three_public_expenses', 'submitted_at']


def _fill_existing() -> None:
    bind = op.get_bind()
    organisations = sa.table('organisations', sa.column('id', sa.Integer()), sa.column('path', sa.String()))
    findings = sa.table('evaluation_findings', sa.column('unit_id', sa.Integer()), sa.column('year', sa.Integer()),
                        sa.column('code', sa.String()), sa.column('level', sa.String()),
                        sa.column('count', sa.Integer()))
    totals = sa.table('finding_totals', sa.column('organisation_id', sa.Integer()), sa.column('year', sa.Integer()),
                      sa.column('code', sa.String()), sa.column('level', sa.String()),
                      sa.column('total', sa.Integer()), sa.column('evaluations', sa.Integer()))
    paths = {int(i): str(p) for i, p in bind.execute(sa.select(organisations.c.id, organisations.c.path))}
    out: dict[tuple[int, int, str, str], list[int]] = {}
    per_unit = bind.execute(sa.select(findings.c.unit_id, findings.c.year, findings.c.code, findings.c.level,
                                      sa.func.sum(findings.c.count), sa.func.count())
                            .where(findings.c.count > 0)
                            .group_by(findings.c.unit_id, findings.c.year, findings.c.code, findings.c.level))
    for unit, year, code, level, total, evaluations in per_unit:
        for part in (paths.get(unit) or f"/{unit}/").strip("/").split("/"):
            kept = out.setdefault((int(part), year, code, level), [0, 0])
            kept[0] += int(total)
            kept[1] += int(evaluations)
    rows = [{"organisation_id": o, "year": y, "code": c, "level": lv, "total": t, "evaluations": e}
            for (o, y, c, lv), (t, e) in sorted(out.items())]
    for start in range(0, len(rows), 5000):
        bind.execute(totals.insert(), rows[start:start + 5000])


def _fill_three_public() -> None:
    bind = op.get_bind()
    organisations = sa.table('organisations', sa.column('id', sa.Integer()), sa.column('path', sa.String()))
    evaluations = sa.table('evaluations', sa.column('unit_id', sa.Integer()), sa.column('year', sa.Integer()),
                           sa.column('kind', sa.String()), sa.column('three_public_expenses', sa.Numeric(20, 4)))
    totals = sa.table('three_public_totals', sa.column('organisation_id', sa.Integer()),
                      sa.column('year', sa.Integer()), sa.column('total', sa.Numeric(20, 4)),
                      sa.column('evaluations', sa.Integer()))
    figure = evaluations.c.three_public_expenses
    per_unit = bind.execute(sa.select(organisations.c.path, evaluations.c.year, sa.func.sum(figure), sa.func.count(figure))
                            .join(organisations, organisations.c.id == evaluations.c.unit_id)
                            .where(evaluations.c.kind == 'overall', figure.is_not(None))
                            .group_by(organisations.c.path, evaluations.c.year))
    out: dict[tuple[int, int], list[Decimal]] = {}
    for path, year, total, count in per_unit:
        for part in str(path).strip("/").split("/"):
            kept = out.setdefault((int(part), int(year)), [Decimal(0), Decimal(0)])
            kept[0] += Decimal(str(total))
            kept[1] += int(count)
    rows = [{"organisation_id": o, "year": y, "total": t, "evaluations": int(n)}
            for (o, y), (t, n) in sorted(out.items())]
    for start in range(0, len(rows), 5000):
        bind.execute(totals.insert(), rows[start:start + 5000])


def downgrade() -> None:
    op.drop_index('ix_evaluations_dashboard', table_name='evaluations')
    op.create_index('ix_evaluations_dashboard', 'evaluations', _DASHBOARD, unique=False)
    op.create_index('ix_organisations_path', 'organisations', ['path'], unique=False)
    op.drop_index('ix_organisations_scope', table_name='organisations')
    op.drop_table('three_public_totals')
    op.drop_table('finding_totals')
