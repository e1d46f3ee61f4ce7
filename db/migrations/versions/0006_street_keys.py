"""street keys: the streets an article names, as re-clustering matches them across articles

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 00:20:00

``entity_mentions.street_key`` is the folded name of a street the article names ("the 400 block of Gilmer
Street" -> "gilmer street"), or NULL (``db.canonical.street_keys``). Two local stories of one town naming the
same street are about the same shooting far more often than not, even when one is a follow-up told weeks later,
so re-clustering (``db.canonical.recluster``) merges their canonical events on it as on a person's name
(docs/store.md). Rows stored before this revision have no key; their articles get one when they are reprocessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('entity_mentions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('street_key', sa.String(length=200), nullable=True))
        batch_op.create_index('ix_entity_mentions_street_key', ['street_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('entity_mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_mentions_street_key')
        batch_op.drop_column('street_key')
