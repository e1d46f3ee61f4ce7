"""Read article files for ``publish`` and ``extract``: .txt, .json, .jsonl, RSS/Atom feeds and directories.

Each input yields a :class:`SourceRecord`: the validated article, or the reason it was rejected,
so callers can report rejections without stopping.
"""

from __future__ import annotations

import html
import re
from calendar import timegm
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import orjson

from processors.articles import DEFAULT_MAX_TEXT_CHARS, ArticleError, parse_article
from processors.types import Article

FEED_SUFFIXES = {".xml", ".rss", ".atom"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
META_SUFFIX = ".meta.json"  # sidecar metadata for a .txt article (url, title, published_at, ...)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SourceRecord:
    """One input record: ``article`` when valid, else ``error``. ``origin`` says where it came from."""

    origin: str
    article: Article | None = None
    error: ArticleError | None = None


def read_paths(paths: Iterable[Path], max_text_chars: int = DEFAULT_MAX_TEXT_CHARS) -> Iterator[SourceRecord]:
    """All records of the given files and directories (recursively, in name order)."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            yield from read_paths(files, max_text_chars)
        elif path.name.endswith(META_SUFFIX):
            continue
        else:
            yield from read_file(path, max_text_chars)


def read_file(path: Path, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS) -> Iterator[SourceRecord]:
    """Records of one file, by its suffix; a file that cannot be read at all gives one rejection."""
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield SourceRecord(str(path), error=ArticleError("unreadable_file", str(exc)))
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, raw, max_text_chars)
    elif suffix == ".json":
        yield from _read_json(path, raw, max_text_chars)
    elif suffix in FEED_SUFFIXES:
        yield from _read_feed(path, raw, max_text_chars)
    else:
        yield _read_text(path, raw, max_text_chars)


def _validated(origin: str, record: object, max_text_chars: int) -> SourceRecord:
    try:
        return SourceRecord(origin, article=parse_article(record, max_text_chars))
    except ArticleError as exc:
        return SourceRecord(origin, error=exc)


def _decode(origin: str, raw: bytes) -> str | SourceRecord:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return SourceRecord(origin, error=ArticleError("invalid_utf8", f"not UTF-8 at byte {exc.start}"))


def _read_jsonl(path: Path, raw: bytes, max_text_chars: int) -> Iterator[SourceRecord]:
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield SourceRecord(origin, error=ArticleError("invalid_json", str(exc)))
            continue
        yield _validated(origin, record, max_text_chars)


def _read_json(path: Path, raw: bytes, max_text_chars: int) -> Iterator[SourceRecord]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        yield SourceRecord(str(path), error=ArticleError("invalid_json", str(exc)))
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        yield _validated(f"{path}[{index}]" if isinstance(data, list) else str(path), record, max_text_chars)


def _read_text(path: Path, raw: bytes, max_text_chars: int) -> SourceRecord:
    """The seed's form: first line the publisher, then the body; optional ``<name>.meta.json`` beside it."""
    text = _decode(str(path), raw)
    if isinstance(text, SourceRecord):
        return text
    publisher, _, body = text.strip().partition("\n")
    record: dict[str, object] = {"source": publisher.strip(), "text": body}
    meta_path = path.with_name(path.stem + META_SUFFIX)
    if meta_path.exists():
        try:
            meta = orjson.loads(meta_path.read_bytes())
        except orjson.JSONDecodeError as exc:
            return SourceRecord(str(path), error=ArticleError("invalid_json", f"{meta_path.name}: {exc}"))
        if isinstance(meta, dict):
            record.update(meta)
    return _validated(str(path), record, max_text_chars)


def _read_feed(path: Path, raw: bytes, max_text_chars: int) -> Iterator[SourceRecord]:
    feed = feedparser.parse(raw)
    if not feed.entries:
        reason = str(feed.get("bozo_exception") or "no entries")
        yield SourceRecord(str(path), error=ArticleError("not_a_feed", f"no RSS/Atom entries ({reason})"))
        return
    publisher = feed.feed.get("title")
    for index, entry in enumerate(feed.entries):
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        record = {
            "id": entry.get("id"),
            "url": entry.get("link"),
            "source": publisher,
            "title": entry.get("title"),
            "published_at": datetime.fromtimestamp(timegm(published), UTC).isoformat() if published else None,
            "text": html.unescape(_TAG.sub(" ", body)),
        }
        yield _validated(f"{path}#{index}", record, max_text_chars)
