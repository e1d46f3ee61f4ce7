"""Validate and normalise raw article records into :class:`Article`.

Every rejection raises :class:`ArticleError` with a stable ``reason`` code, so the stream can
dead-letter the record with that reason and ``publish`` can report it before sending.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import orjson

from processors.types import Article

SUPPORTED_LANGUAGES = frozenset({"en"})
DEFAULT_MAX_TEXT_CHARS = 200_000
MAX_ID_CHARS = 512

# A whole web page (or heavy markup) instead of article text: its menus, scripts and boilerplate
# would be coded as events, so it is rejected rather than stripped; feeds are stripped in sources.py.
_HTML_PAGE = re.compile(r"<!doctype\s+html|<(?:html|head|body)[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
HTML_MAX_TAGS = 10

# Language check for records without a "language" field (py3langid: naive Bayes, deterministic, ~1 ms).
# Short texts carry too little signal and are taken as English; 5,120 English test and evaluation
# texts scored at most 0.71 for another language, German/French/Russian/Turkish samples over 0.99.
LANGUAGE_CHECK_MIN_CHARS = 40
LANGUAGE_CHECK_CHARS = 2000
LANGUAGE_CHECK_CONFIDENCE = 0.9

# Publication dates outside this window are rejected, not clamped: a clamped date would silently date
# the article's events wrong. Dates at the calendar's edge (0001-01-01, 9999-12-31) made date arithmetic
# further down (relative dates, the canonical block window) overflow and stopped the partition.
EARLIEST_PUBLISHED = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_PUBLISHED_AHEAD = timedelta(days=1)  # clocks and time zones: "tomorrow" is allowed, later is not


class ArticleError(ValueError):
    """A record that cannot become an article. ``reason`` is a short stable code, e.g. ``invalid_json``."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def article_id_for(url: str | None, text: str) -> str:
    """Stable id: a hash of the URL when there is one (reprints of one URL are one article), else of the text."""
    basis = url.strip() if url and url.strip() else text
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:24]


def parse_article_bytes(raw: bytes | None, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS) -> Article:
    """Decode one Kafka message value (UTF-8 JSON object) into an article."""
    if raw is None:
        raise ArticleError("tombstone", "message has a key but no value")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError("invalid_utf8", f"value is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        record = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ArticleError("invalid_json", str(exc)) from None
    return parse_article(record, max_text_chars)


def parse_article(record: Any, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS) -> Article:
    """Validate a decoded JSON record. Unknown fields are ignored; wrong types are rejected."""
    if not isinstance(record, dict):
        raise ArticleError("not_an_object", f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if text is None:
        raise ArticleError("missing_text", "the record has no 'text' field")
    if not isinstance(text, str):
        raise ArticleError("bad_field", f"'text' must be a string, got {type(text).__name__}")
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ArticleError("empty_text", "'text' is empty")
    if len(text) > max_text_chars:
        raise ArticleError("text_too_long", f"{len(text)} characters, the limit is {max_text_chars}")
    if _HTML_PAGE.search(text[:5000]) or len(_HTML_TAG.findall(text, 0, 100_000)) >= HTML_MAX_TAGS:
        raise ArticleError("html_markup", "the text is an HTML page or markup; send the article's plain text")
    fields = {name: _optional_str(record, name) for name in ("id", "url", "source", "title", "language")}
    if fields["id"] is not None and len(fields["id"]) > MAX_ID_CHARS:
        # The id is the Kafka key of every message about the article: the broker counts it into the size.
        raise ArticleError("bad_field", f"'id' has {len(fields['id'])} characters, the limit is {MAX_ID_CHARS}")
    language = (fields["language"] or "en").lower().split("-")[0]
    if language not in SUPPORTED_LANGUAGES:
        raise ArticleError("unsupported_language", f"language {fields['language']!r} is not supported")
    if fields["language"] is None:
        detected = detect_language(text)
        if detected is not None and detected[0] not in SUPPORTED_LANGUAGES:
            raise ArticleError("unsupported_language",
                               f"no 'language' field and the text reads as {detected[0]!r} (p={detected[1]:.2f})")
    return Article(
        id=fields["id"] or article_id_for(fields["url"], text),
        text=text,
        url=fields["url"],
        source=fields["source"],
        title=fields["title"],
        published_at=check_published_at(parse_published_at(record.get("published_at"))),
        language=language,
    )


def detect_language(text: str) -> tuple[str, float] | None:
    """``(ISO 639-1 code, probability)`` when the text is long enough and the guess confident, else None."""
    if len(text) < LANGUAGE_CHECK_MIN_CHARS:
        return None
    language, probability = _language_identifier().classify(text[:LANGUAGE_CHECK_CHARS])
    return (language, probability) if probability >= LANGUAGE_CHECK_CONFIDENCE else None


@cache
def _language_identifier() -> Any:
    # Loaded on first use (~1 s): most CLI calls never need it.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def parse_published_at(value: Any) -> datetime | None:
    """ISO 8601 date or datetime; naive values are taken as UTC so every stored timestamp is aware."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ArticleError("bad_field", f"'published_at' must be an ISO 8601 string, got {type(value).__name__}")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ArticleError("bad_field", f"'published_at' is not ISO 8601: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def check_published_at(published_at: datetime | None, now: datetime | None = None) -> datetime | None:
    """The date itself when it lies from 1900-01-01 to now + 1 day; otherwise ``published_at_out_of_range``."""
    if published_at is None:
        return None
    latest = (now or datetime.now(UTC)) + LATEST_PUBLISHED_AHEAD
    if not EARLIEST_PUBLISHED <= published_at <= latest:
        raise ArticleError("published_at_out_of_range",
                           f"'published_at' {published_at.isoformat()} is outside {EARLIEST_PUBLISHED.date()} .. "
                           f"now + 1 day ({latest.isoformat(timespec='seconds')})")
    return published_at


def article_to_json(article: Article) -> dict[str, Any]:
    """The article in the input format, e.g. for publishing it to Kafka."""
    data: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "language": article.language,
        "text": article.text,
    }
    return {k: v for k, v in data.items() if v is not None}


def _optional_str(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # integer ids from other producers are common; their digits are the id
    if name == "id" and isinstance(value, int | float):
        # A bool would become "True"; a float (which is also what an integer over 64 bits decodes to)
        # has lost digits, so two different ids could become one: neither can be an article id.
        raise ArticleError("bad_field", f"'id' must be a string or an integer, got {_json_type(value)} {value!r}")
    if not isinstance(value, str):
        raise ArticleError("bad_field", f"{name!r} must be a string, got {type(value).__name__}")
    return value.strip() or None


def _json_type(value: Any) -> str:
    return "a boolean" if isinstance(value, bool) else "a number that is not an integer up to 64 bits"
