"""Character offsets of sentences and paragraphs in an article's text (shared by events and casualties)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span


def sentence_offsets(sent: Span) -> tuple[int, int]:
    """Character offsets of a sentence without surrounding whitespace (shared with casualties)."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, sent.start_char + len(text.rstrip())


def paragraph_span(starts: Sequence[int], index: int, text_end: int) -> tuple[int, int]:
    """Character range of paragraph ``index`` (as numbered by ``bisect_right(starts, offset)``)."""
    return (starts[index - 1] if index else 0, starts[index] if index < len(starts) else text_end)


def paragraph_starts(text: str) -> list[int]:
    """Offsets of the blank lines that separate paragraphs (shared with casualties)."""
    starts = []
    index = text.find("\n\n")
    while index != -1:
        starts.append(index)
        index = text.find("\n\n", index + 2)
    return starts
