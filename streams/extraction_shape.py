"""The shape of an extraction message, checked before the store sees it.

The extractions topic carries what the extraction agent wrote, but also what anyone else wrote to it
(another client, a replayed store letter). The store reads fields by name and type: an event whose
``source`` is a string made it raise ``AttributeError`` and stopped the partition. A message that does
not have the shape below is dead-lettered as ``extraction_shape`` instead.

The shape is the one ``streams.handlers`` writes (``Extraction.to_json()`` plus the article's metadata;
docs/extract-format.md). Unknown fields are allowed, as in the input format. Values are checked for
their JSON type and, for dates, that they parse; ranges are the store's business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

Check = Callable[[Any], bool]


def _string(value: Any) -> bool:
    return isinstance(value, str)


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _boolean(value: Any) -> bool:
    return isinstance(value, bool)


def _iso_datetime(value: Any) -> bool:
    return isinstance(value, str) and _parses(datetime.fromisoformat, value)


def _iso_date(value: Any) -> bool:
    return isinstance(value, str) and _parses(date.fromisoformat, value)


def _parses(parse: Callable[[str], Any], value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


# field -> (check, required). A field that is not required may be absent or null.
ARTICLE: dict[str, tuple[Check, bool]] = {
    "id": (lambda v: isinstance(v, str) and bool(v), True),
    "url": (_string, False), "source": (_string, False), "title": (_string, False), "language": (_string, False),
    "published_at": (_iso_datetime, False), "text_chars": (_integer, False),
}
ACTOR_REF = {"text": (_string, False), "code": (_string, False), "country": (_string, False),
             "role": (_string, False)}
LOCATION = {"name": (_string, False), "country": (_string, False), "admin1": (_string, False),
            "lat": (_number, False), "lon": (_number, False), "precision": (_string, False)}
COUNT = {"low": (_integer, False), "best": (_integer, False), "high": (_integer, False), "text": (_string, False)}
EVENT = {
    "event_id": (lambda v: isinstance(v, str) and bool(v), True),
    "cameo": (lambda v: isinstance(v, str) and len(v) >= 2, True),
    "plover": (_string, False), "quad_class": (_integer, False), "goldstein": (_number, False),
    "date": (_iso_date, False), "date_precision": (_string, False), "historical": (_boolean, False),
    "confidence": (_number, False), "sentence": (_string, False), "start": (_integer, False),
    "end": (_integer, False),
}
EVENT_PARTS = {"source": ACTOR_REF, "target": ACTOR_REF, "location": LOCATION, "killed": COUNT, "injured": COUNT}
ENTITY = {"start": (_integer, True), "end": (_integer, True), "text": (_string, True), "label": (_string, True),
          "country": (_string, False)}
ACTOR = {"name": (_string, False), "code": (_string, False), "country": (_string, False), "role": (_string, False)}
REFERS_TO = {"start": (_integer, True), "end": (_integer, True), "text": (_string, False)}


def extraction_shape_error(item: Any) -> str | None:
    """Why ``item`` (a decoded extraction message) is not the shape the store reads, or None when it is."""
    if not isinstance(item, dict):
        return f"the message is a JSON {_json_type(item)}, not an object"
    for part in ("article", "extraction"):
        if not isinstance(item.get(part), dict):
            return f"'{part}' must be an object, got {_json_type(item.get(part))}"
    if problem := _fields(item["article"], ARTICLE, "article"):
        return problem
    extraction = item["extraction"]
    if extraction.get("extractor_version") is not None and not _string(extraction["extractor_version"]):
        return "'extraction.extractor_version' must be a string"
    for name in ("events", "entities", "mentions"):
        if extraction.get(name) is not None and not isinstance(extraction[name], list):
            return f"'extraction.{name}' must be a list, got {_json_type(extraction[name])}"
    for i, event in enumerate(extraction.get("events") or []):
        where = f"extraction.events[{i}]"
        if not isinstance(event, dict):
            return f"'{where}' must be an object, got {_json_type(event)}"
        if problem := _fields(event, EVENT, where):
            return problem
        for part, fields in EVENT_PARTS.items():
            if problem := _nested(event, part, fields, where):
                return problem
    for layer in ("entities", "mentions"):  # the two entity layers share one shape
        for i, entity in enumerate(extraction.get(layer) or []):
            where = f"extraction.{layer}[{i}]"
            if not isinstance(entity, dict):
                return f"'{where}' must be an object, got {_json_type(entity)}"
            if problem := (
                _fields(entity, ENTITY, where)
                or _nested(entity, "actor", ACTOR, where)
                or _nested(entity, "refers_to", REFERS_TO, where)
            ):
                return problem
    return None


def _nested(record: Mapping[str, Any], name: str, fields: dict[str, tuple[Check, bool]], where: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        return f"'{where}.{name}' must be an object or null, got {_json_type(value)}"
    return _fields(value, fields, f"{where}.{name}")


def _fields(record: Mapping[str, Any], fields: dict[str, tuple[Check, bool]], where: str) -> str | None:
    for name, (check, required) in fields.items():
        value = record.get(name)
        if value is None:
            if required:
                return f"'{where}.{name}' is missing"
            continue
        if not check(value):
            return f"'{where}.{name}' has the wrong type or format: {_json_type(value)} {str(value)[:80]!r}"
    return None


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
