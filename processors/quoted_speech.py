"""Quoted opinions are the speaker's verbal act, not the act the words describe.

'"He is torturing his own people," a senior official told Reuters' reports what the official did (accused
him), not a torture the article witnessed. Inside a quotation attributed to a speaker:

- a material act in the present ('is torturing', 'kills', 'are bombing') with no date of its own is the
  speaker's accusation (CAMEO 112) of whoever the words say does it;
- a judgement of someone ('Assad is a killer', 'Russia is a reliable partner') is the speaker's criticism
  (CAMEO 111) or praise (CAMEO 051) of them.

An act the quote reports in the past ('"They shot my brother on Sunday," she said') stays the act: the speaker
is a witness. A quotation is the text between quotation marks, within a paragraph; its speaker is the subject
of a statement verb ('said', 'told', 'added') outside the marks, in the sentence where the quotation closes, or
just before it opens ('She said: "...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from processors.paragraphs import doc_text

ACCUSE, CRITICIZE, PRAISE = "112", "111", "051"
# Material conflict (CAMEO 15-20: force posture, coercion, assault, fight, mass violence) said of the present.
MATERIAL_CONFLICT_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
STATEMENT_VERBS = frozenset(
    "say tell add declare insist state claim write warn stress note argue explain continue comment".split()
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PRESENT_TAGS = frozenset({"VBZ", "VBP"})
# Judgements of a person or party ('X is a killer', 'X is a reliable partner'): the predicate noun or adjective.
CRITICAL_WORDS = frozenset(
    "killer murderer criminal terrorist dictator tyrant butcher liar thief thug war-criminal traitor "
    "aggressor occupier oppressor enemy threat disgrace".split()
)
PRAISING_WORDS = frozenset("friend partner ally hero champion peacemaker".split())
PREDICATE_DEPS = frozenset({"attr", "acomp", "npadvmod", "oprd"})
OPENING = "“\""
CLOSING = "”\""
# Finds the marks without a Python loop over every character of the text.
_QUOTATION_MARK = re.compile("[" + re.escape("".join(sorted(set(OPENING + CLOSING)))) + "]")


@dataclass(frozen=True)
class Quotation:
    """Character range of a quotation (inside the marks) and the token of its speaker, if the text names one."""

    start: int
    end: int
    speaker: Token | None


def quotations(doc: Doc) -> list[Quotation]:
    """The quotations of the text with their speakers, paragraph (line) by paragraph."""
    found: list[Quotation] = []
    text = doc_text(doc)
    for line_start, line_end in _lines(text):
        for start, end in _quoted_ranges(text, line_start, line_end):
            found.append(Quotation(start, end, _speaker(doc, start, end)))
    return found


def quotation_at(quotes: Sequence[Quotation], offset: int) -> Quotation | None:
    return next((q for q in quotes if q.start <= offset < q.end), None)


def is_quoted_present_act(token: Token) -> bool:
    """'is torturing', 'kills', 'are bombing': an act said of the present (a characterisation), not reported."""
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    if verb.tag_ in PRESENT_TAGS:
        return True
    auxes = [c for c in verb.children if c.dep_ == "aux"]
    return verb.tag_ == "VBG" and any(a.tag_ in PRESENT_TAGS and a.lemma_ == "be" for a in auxes) and not any(
        a.lower_ in {"was", "were", "had"} for a in auxes
    )


def judgement(sent: Span, quote: Quotation) -> tuple[Token, str] | None:
    """(the judged subject, CAMEO code) of 'X is (at the end of the day) a killer', 'X is a reliable partner'
    said inside the quotation (as the sentence's main clause or the content of its statement verb)."""
    for token in sent:
        inside = quote.start <= token.idx < quote.end
        if token.lemma_ != "be" or token.dep_ not in {"ROOT", "ccomp", "parataxis"} or not inside:
            continue
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if not subjects or any(c.dep_ == "neg" for c in token.children):
            return None
        for child in token.children:
            if child.dep_ not in PREDICATE_DEPS:
                continue
            word = child.lemma_.lower()
            if word in CRITICAL_WORDS:
                return subjects[0], CRITICIZE
            if word in PRAISING_WORDS:
                return subjects[0], PRAISE
    return None


def _lines(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for match in re.finditer(r"\n", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _quoted_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Inside-the-marks ranges of a line: '“' opens and '”' closes; a straight '"' opens at a word start and
    closes otherwise. A quotation still open at the end of the line ends there (a quote that runs on)."""
    ranges: list[tuple[int, int]] = []
    opened: int | None = None
    for mark in _QUOTATION_MARK.finditer(text, start, end):
        index, char = mark.start(), mark.group()
        before = text[index - 1] if index > start else " "
        opens = char == "“" or (char == '"' and (before.isspace() or before in "([—–-"))
        if opened is None and opens:
            opened = index + 1
        elif opened is not None and not opens:
            ranges.append((opened, index))
            opened = None
    if opened is not None:
        ranges.append((opened, end))
    return ranges


def _speaker(doc: Doc, start: int, end: int) -> Token | None:
    """The subject of a statement verb outside the quotation, where it closes ('..., a senior official told
    Reuters') or just before it opens ('He said: "...')."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    after = doc[span.end - 1].sent
    before = doc[span.start].sent
    for sent in (after, before):
        for token in sent:
            if start <= token.idx < end or token.lemma_.lower() not in STATEMENT_VERBS or token.pos_ != "VERB":
                continue
            subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS and not start <= c.idx < end]
            if subjects:
                return subjects[0]
    return None
