"""canonical events: one row per real-world event, reports linked to it, consumer views

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 22:00:00

``events`` stays the per-report (mention) table and gains ``canonical_id`` and ``match_score``;
``canonical_events`` holds the merged events with reconciled values. The views are plain SQL that
both SQLite and PostgreSQL accept; docs/store.md documents them for consumers.
Rows stored before this revision keep ``canonical_id`` NULL until their article is reprocessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

EVENTS_CURRENT = """
CREATE VIEW events_current AS
SELECT id AS canonical_id, revision, event_date, date_precision, historical, cameo, cameo_root, plover,
       quad_class, goldstein, source_text, source_code, source_country, target_text, target_code,
       target_country, country, location_name, location_country, location_admin1, location_lat,
       location_lon, location_precision, killed_low, killed_best, killed_high, injured_low,
       injured_best, injured_high, confidence, sentence, report_count, article_count, source_count,
       first_seen, last_seen, created_at, updated_at
FROM canonical_events
WHERE status = 'active'
"""

EVENT_MENTIONS = """
CREATE VIEW event_mentions AS
SELECT e.event_id AS mention_id, e.canonical_id, e.article_id, a.source, a.url, a.title, a.published_at,
       e.extractor_version, e.sentence, e.start_char, e.end_char, e.confidence, e.match_score,
       e.cameo, e.plover, e.event_date, e.date_precision, e.historical,
       e.source_text, e.source_code, e.target_text, e.target_code,
       e.location_name, e.location_country, e.location_lat, e.location_lon, e.location_precision,
       e.killed_low, e.killed_best, e.killed_high, e.killed_evidence,
       e.injured_low, e.injured_best, e.injured_high, e.injured_evidence, e.updated_at
FROM events e
JOIN articles a ON a.id = e.article_id
"""

EVENT_COUNTS_DAILY = """
CREATE VIEW event_counts_daily AS
SELECT event_date AS day, country, plover, cameo_root, COUNT(*) AS events,
       SUM(report_count) AS reports, SUM(COALESCE(killed_best, 0)) AS killed,
       SUM(COALESCE(injured_best, 0)) AS injured
FROM canonical_events
WHERE status = 'active' AND event_date IS NOT NULL AND date_precision = 'day'
GROUP BY event_date, country, plover, cameo_root
"""

VIEWS = ("event_counts_daily", "event_mentions", "events_current")


def upgrade() -> None:
    op.create_table('canonical_events',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('block_type', sa.String(length=16), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('anchor_date', sa.Date(), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=8), nullable=True),
    sa.Column('historical', sa.Boolean(), nullable=False),
    sa.Column('cameo', sa.String(length=8), nullable=False),
    sa.Column('cameo_root', sa.String(length=2), nullable=False),
    sa.Column('plover', sa.String(length=32), nullable=True),
    sa.Column('quad_class', sa.Integer(), nullable=True),
    sa.Column('goldstein', sa.Float(), nullable=True),
    sa.Column('source_text', sa.Text(), nullable=True),
    sa.Column('source_code', sa.String(length=40), nullable=True),
    sa.Column('source_country', sa.String(length=3), nullable=True),
    sa.Column('target_text', sa.Text(), nullable=True),
    sa.Column('target_code', sa.String(length=40), nullable=True),
    sa.Column('target_country', sa.String(length=3), nullable=True),
    sa.Column('location_name', sa.String(length=200), nullable=True),
    sa.Column('location_country', sa.String(length=3), nullable=True),
    sa.Column('location_admin1', sa.String(length=200), nullable=True),
    sa.Column('location_lat', sa.Float(), nullable=True),
    sa.Column('location_lon', sa.Float(), nullable=True),
    sa.Column('location_precision', sa.String(length=16), nullable=True),
    sa.Column('killed_low', sa.Integer(), nullable=True),
    sa.Column('killed_best', sa.Integer(), nullable=True),
    sa.Column('killed_high', sa.Integer(), nullable=True),
    sa.Column('injured_low', sa.Integer(), nullable=True),
    sa.Column('injured_best', sa.Integer(), nullable=True),
    sa.Column('injured_high', sa.Integer(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('report_count', sa.Integer(), nullable=False),
    sa.Column('article_count', sa.Integer(), nullable=False),
    sa.Column('source_count', sa.Integer(), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('canonical_events', schema=None) as batch_op:
        batch_op.create_index('ix_canonical_events_block', ['block_type', 'country', 'anchor_date'], unique=False)
        batch_op.create_index('ix_canonical_events_event_date', ['event_date'], unique=False)
        batch_op.create_index('ix_canonical_events_updated_at', ['updated_at'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('canonical_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('match_score', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_canonical_id'), ['canonical_id'], unique=False)
        batch_op.create_foreign_key('fk_events_canonical_id', 'canonical_events', ['canonical_id'], ['id'],
                                    ondelete='SET NULL')

    op.execute(EVENTS_CURRENT)
    op.execute(EVENT_MENTIONS)
    op.execute(EVENT_COUNTS_DAILY)


def downgrade() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint('fk_events_canonical_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_canonical_id'))
        batch_op.drop_column('match_score')
        batch_op.drop_column('canonical_id')
    with op.batch_alter_table('canonical_events', schema=None) as batch_op:
        batch_op.drop_index('ix_canonical_events_updated_at')
        batch_op.drop_index('ix_canonical_events_event_date')
        batch_op.drop_index('ix_canonical_events_block')
    op.drop_table('canonical_events')
