"""Both entity layers in the store: named entities and actor mentions in entity_mentions, told apart by
``layer``, a mention linked to its entity by offsets (docs/store.md)."""

from __future__ import annotations

from sqlalchemy import Engine, select

from db.models import EntityMentionRow
from db.store import save_extractions
from processors.types import Actor, EntityMention, EntityRef, Extraction

ROMANIA = Actor("Romania", "ROU", "ROU")


def _message(article_id: str) -> dict:
    extraction = Extraction(
        article_id=article_id, extractor_version="test-1",
        entities=(EntityMention("Romania", "GPE", 0, 7, ROMANIA, "ROU"),),
        mentions=(EntityMention("Romania", "ORG", 0, 7, ROMANIA, refers_to=EntityRef("Romania", 0, 7)),
                  EntityMention("it", "ORG", 13, 15, ROMANIA, refers_to=EntityRef("Romania", 0, 7)),
                  EntityMention("the envoy", "PERSON", 28, 37, Actor("the envoy", "GOV", role="GOV"))),
    )
    article = {"id": article_id, "source": "Wire", "published_at": "2021-03-04T00:00:00+00:00", "text_chars": 38}
    return {"article": article, "extraction": extraction.to_json()}


def test_both_layers_are_stored_and_mentions_point_at_their_entity(engine: Engine) -> None:
    save_extractions(engine, [_message("layers-1")])
    table = EntityMentionRow.__table__
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(table).order_by(table.c.start_char, table.c.label)).mappings()]
    assert [(r["text"], r["label"], r["layer"]) for r in rows] == [
        ("Romania", "GPE", "entity"), ("Romania", "ORG", "mention"), ("it", "ORG", "mention"),
        ("the envoy", "PERSON", "mention"),
    ]
    entity = rows[0]
    pointing = [r["text"] for r in rows if (r["refers_to_start"], r["refers_to_end"]) == (entity["start_char"],
                                                                                           entity["end_char"])]
    assert pointing == ["Romania", "it"]
    assert rows[3]["refers_to_start"] is None and rows[3]["actor_code"] == "GOV"
    assert entity["refers_to_start"] is None


def test_reprocessing_replaces_both_layers(engine: Engine) -> None:
    save_extractions(engine, [_message("layers-2")])
    save_extractions(engine, [_message("layers-2")])
    with engine.connect() as conn:
        layers = conn.execute(select(EntityMentionRow.layer)).scalars().all()
    assert sorted(layers) == ["entity", "mention", "mention", "mention"]
