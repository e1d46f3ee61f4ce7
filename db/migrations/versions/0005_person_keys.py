"""person keys: the names of people in no office, as re-clustering matches them across articles

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 03:15:00

``entity_mentions.person_key`` is the folded name of a person named in the article who acts in no office
(a victim, a suspect, a witness: not a police spokesman or a mayor), or NULL (``db.canonical.person_keys``).
Two stories naming the same "Jamal Carter" are about the same shooting far more often than not, even weeks
apart, so re-clustering (``db.canonical.recluster``) merges their canonical events on it (docs/store.md).
Rows stored before this revision have no key; their articles get one when they are reprocessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('entity_mentions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_key', sa.String(length=200), nullable=True))
        batch_op.create_index('ix_entity_mentions_person_key', ['person_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('entity_mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_mentions_person_key')
        batch_op.drop_column('person_key')
