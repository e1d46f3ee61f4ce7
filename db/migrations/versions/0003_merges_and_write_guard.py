"""merged canonical events, idempotent replays and a stale-writer guard

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 09:00:00

``canonical_events.merged_into``: the re-clustering pass (``db.canonical.recluster``) merges two
canonical events that later reports show to be one; the absorbed one gets status ``merged`` and the
id of the one that kept its reports, so a consumer who stored its id can follow it.

``articles.extraction_hash``: a digest of what the sink was given for the article, so a replayed,
unchanged extraction writes nothing (no ``processed_at``, ``updated_at`` or ``revision`` moves).
``articles.first_processed_at``: when the sink first stored the article (kept on every rewrite); it
stands in for the publication time of an article without ``published_at``, so a re-extraction does
not move its canonical event's ``first_seen``. ``articles.extracted_at``: when the extractor produced
the stored extraction, so an older extraction written late (a stale worker) never replaces it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('canonical_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_canonical_events_merged_into', ['merged_into'], unique=False)
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extraction_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('first_processed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('extracted_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE articles SET first_processed_at = processed_at")


def downgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('extracted_at')
        batch_op.drop_column('first_processed_at')
        batch_op.drop_column('extraction_hash')
    with op.batch_alter_table('canonical_events', schema=None) as batch_op:
        batch_op.drop_index('ix_canonical_events_merged_into')
        batch_op.drop_column('merged_into')
