"""Evaluations counted per organisation, year, kind and status (kept with every write from
now on); the errors each evaluation's unit has explained (问题说明), beside its errors and
in the dashboard's covering index.

The counts of existing evaluations are worked out once, here: per unit path, year, kind
and status in the database, then added up the organisation tree by the paths. The errors
explained are read from the current versions that have errors and explanations.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from jixiao.store import explanations

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_DASHBOARD = ['year', 'unit_id', 'kind', 'status', 'grade', 'execution_rate', 'self_score', 'review_score', 'errors',
              'times_returned', 'three_public_expenses', 'submitted_at', 'id']
_EXPLAINED = [*_DASHBOARD[:9], 'explained_errors', *_DASHBOARD[9:]]
_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')


def upgrade() -> None:
    op.create_table('evaluation_counts',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_evaluation_counts_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('organisation_id', 'year', 'kind', 'status', name=op.f('pk_evaluation_counts'))
    )
    _fill_counts()
    # Added in place (ALTER TABLE … ADD COLUMN) on both databases: nothing is copied.
    op.add_column('evaluations', sa.Column('explained_errors', sa.Integer(), server_default='0', nullable=False))
    _fill_explained()
    op.drop_index('ix_evaluations_dashboard', table_name='evaluations')
    op.create_index('ix_evaluations_dashboard', 'evaluations', _EXPLAINED, unique=False)


def _fill_counts() -> None:
    bind = op.get_bind()
    organisations = sa.table('organisations', sa.column('id', sa.Integer()), sa.column('path', sa.String()))
    evaluations = sa.table('evaluations', sa.column('unit_id', sa.Integer()), sa.column('year', sa.Integer()),
                           sa.column('kind', sa.String()), sa.column('status', sa.String()))
    counts = sa.table('evaluation_counts', sa.column('organisation_id', sa.Integer()), sa.column('year', sa.Integer()),
                      sa.column('kind', sa.String()), sa.column('status', sa.String()),
                      sa.column('count', sa.Integer()))
    e = evaluations.c
    per_unit = bind.execute(sa.select(organisations.c.path, e.year, e.kind, e.status, sa.func.count())
                            .join(organisations, organisations.c.id == e.unit_id)
                            .group_by(organisations.c.path, e.year, e.kind, e.status))
    out: dict[tuple[int, int, str, str], int] = {}
    for path, year, kind, status, n in per_unit:
        for part in str(path).strip("/").split("/"):
            key = (int(part), int(year), str(kind), str(status))
            out[key] = out.get(key, 0) + int(n)
    rows = [{"organisation_id": o, "year": y, "kind": k, "status": s, "count": n}
            for (o, y, k, s), n in sorted(out.items())]
    for start in range(0, len(rows), 5000):
        bind.execute(counts.insert(), rows[start:start + 5000])


def _fill_explained() -> None:
    """The current versions' explanations first (a small part of each document), then the
    findings of those that have some."""
    bind = op.get_bind()
    evaluations = sa.table('evaluations', sa.column('id', sa.Integer()), sa.column('version', sa.Integer()),
                           sa.column('errors', sa.Integer()), sa.column('explained_errors', sa.Integer()))
    versions = sa.table('versions', sa.column('id', sa.Integer()), sa.column('evaluation_id', sa.Integer()),
                        sa.column('number', sa.Integer()), sa.column('data', _DOCUMENT),
                        sa.column('result', _DOCUMENT))
    current = sa.and_(versions.c.evaluation_id == evaluations.c.id, versions.c.number == evaluations.c.version)
    written = bind.execute(sa.select(evaluations.c.id, evaluations.c.errors, versions.c.id,
                                     versions.c.data['explanations'])
                           .join(versions, current).where(evaluations.c.errors > 0)).all()
    with_some = [row for row in written if isinstance(row[3], list) and row[3]]
    for start in range(0, len(with_some), 500):
        batch = with_some[start:start + 500]
        findings = dict(bind.execute(sa.select(versions.c.id, versions.c.result['findings'])
                                     .where(versions.c.id.in_([row[2] for row in batch]))).all())
        for evaluation, errors, version, entries in batch:
            found = findings.get(version)
            explained = explanations.explained_errors(
                {"explanations": entries}, {"findings": found if isinstance(found, list) else []})
            if explained:
                bind.execute(evaluations.update().where(evaluations.c.id == evaluation)
                             .values(explained_errors=min(explained, int(errors))))


def downgrade() -> None:
    op.drop_index('ix_evaluations_dashboard', table_name='evaluations')
    # ALTER TABLE … DROP COLUMN in place (SQLite 3.35+ too): a copy of the table would, on
    # SQLite, cascade-delete what refers to it
    op.drop_column('evaluations', 'explained_errors')
    op.create_index('ix_evaluations_dashboard', 'evaluations', _DASHBOARD, unique=False)
    op.drop_table('evaluation_counts')
