"""initial schema: articles, events, entity mentions

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 21:09:15.205045
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('text_chars', sa.Integer(), nullable=False),
    sa.Column('event_count', sa.Integer(), nullable=False),
    sa.Column('extractor_version', sa.String(length=40), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('entity_mentions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.String(length=200), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=32), nullable=False),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('actor_code', sa.String(length=40), nullable=True),
    sa.Column('actor_country', sa.String(length=3), nullable=True),
    sa.Column('actor_role', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'start_char', 'end_char', 'label')
    )
    with op.batch_alter_table('entity_mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_mentions_actor_code'), ['actor_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_mentions_article_id'), ['article_id'], unique=False)

    op.create_table('events',
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('article_id', sa.String(length=200), nullable=False),
    sa.Column('cameo', sa.String(length=8), nullable=False),
    sa.Column('cameo_root', sa.String(length=2), nullable=False),
    sa.Column('plover', sa.String(length=32), nullable=True),
    sa.Column('quad_class', sa.Integer(), nullable=True),
    sa.Column('goldstein', sa.Float(), nullable=True),
    sa.Column('source_text', sa.Text(), nullable=True),
    sa.Column('source_code', sa.String(length=40), nullable=True),
    sa.Column('source_country', sa.String(length=3), nullable=True),
    sa.Column('source_role', sa.String(length=16), nullable=True),
    sa.Column('target_text', sa.Text(), nullable=True),
    sa.Column('target_code', sa.String(length=40), nullable=True),
    sa.Column('target_country', sa.String(length=3), nullable=True),
    sa.Column('target_role', sa.String(length=16), nullable=True),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=8), nullable=True),
    sa.Column('historical', sa.Boolean(), nullable=False),
    sa.Column('location_name', sa.String(length=200), nullable=True),
    sa.Column('location_country', sa.String(length=3), nullable=True),
    sa.Column('location_admin1', sa.String(length=200), nullable=True),
    sa.Column('location_lat', sa.Float(), nullable=True),
    sa.Column('location_lon', sa.Float(), nullable=True),
    sa.Column('location_precision', sa.String(length=16), nullable=True),
    sa.Column('killed_low', sa.Integer(), nullable=True),
    sa.Column('killed_best', sa.Integer(), nullable=True),
    sa.Column('killed_high', sa.Integer(), nullable=True),
    sa.Column('killed_evidence', sa.Text(), nullable=True),
    sa.Column('injured_low', sa.Integer(), nullable=True),
    sa.Column('injured_best', sa.Integer(), nullable=True),
    sa.Column('injured_high', sa.Integer(), nullable=True),
    sa.Column('injured_evidence', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('extractor_version', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_article_id'), ['article_id'], unique=False)
        batch_op.create_index('ix_events_cameo_root', ['cameo_root'], unique=False)
        batch_op.create_index('ix_events_event_date', ['event_date'], unique=False)
        batch_op.create_index('ix_events_location_country', ['location_country'], unique=False)
        batch_op.create_index('ix_events_plover', ['plover'], unique=False)
        batch_op.create_index('ix_events_updated_at', ['updated_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_updated_at')
        batch_op.drop_index('ix_events_plover')
        batch_op.drop_index('ix_events_location_country')
        batch_op.drop_index('ix_events_event_date')
        batch_op.drop_index('ix_events_cameo_root')
        batch_op.drop_index(batch_op.f('ix_events_article_id'))

    op.drop_table('events')
    with op.batch_alter_table('entity_mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_mentions_article_id'))
        batch_op.drop_index(batch_op.f('ix_entity_mentions_actor_code'))

    op.drop_table('entity_mentions')
    op.drop_table('articles')
