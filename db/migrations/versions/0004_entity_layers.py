"""entity layers: entity_mentions holds the named entities and the actor mentions that are not names

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:30:00

``layer`` is 'entity' (a named entity, as spaCy's NER means it) or 'mention' (a pronoun, a description, a state
acting as an actor); ``refers_to_start`` / ``refers_to_end`` are the offsets of the named entity a mention
stands for, in the same article. Rows stored before this revision are entities (the server default); their
articles get the mention layer when they are reprocessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('entity_mentions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('layer', sa.String(length=8), server_default='entity', nullable=False))
        batch_op.add_column(sa.Column('refers_to_start', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('refers_to_end', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('entity_mentions', schema=None) as batch_op:
        batch_op.drop_column('refers_to_end')
        batch_op.drop_column('refers_to_start')
        batch_op.drop_column('layer')
