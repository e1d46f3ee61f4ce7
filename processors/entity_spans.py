"""Span cleaning: model entity spans cut to the name, and the title words around a name.

Owns what is part of a name ('Later Mr Petrov' -> 'Mr Petrov', 'the Government of' -> 'the Government'),
title words before a name ('Foreign Secretary Philip Hammond'), nationality and group words, and making an
``EntityMention`` of a span.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from processors.gazetteer import demonym_iso3
from processors.lexicon import group_words, individual_nouns, role_nouns
from processors.paragraphs import doc_text
from processors.types import Actor, EntityMention

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "President", "General", "Gen", "Minister", "Sheikh"})
# Prepositions that put a name in a place ("in Palmyra", "near Aleppo"); "from"/"to" also take people.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "around", "outside", "inside", "across", "throughout"})
# Parts of speech that never begin a name but that the model sometimes pulls into a span at a sentence start.
LEADING_NON_NAME_POS = frozenset({"ADV", "SCONJ", "CCONJ", "ADP", "INTJ", "PART"})
# Words that complete a title with 'of' and are no organisation of their own ("Secretary of State").
TITLE_OFFICES = frozenset({"State"})
# Words the model leaves dangling at the end of a span ("the Government of" before "Iraq").
DANGLING_WORDS = frozenset({"of", "for", "and", "the", "'s", "’s", "-"})
# Words that make up a title before a name together with a title noun ("Prime Minister", "Deputy Foreign Minister").
TITLE_MODIFIERS = frozenset(
    "Prime Foreign Deputy Vice Special Chief Defence Defense Interior Senior Supreme Presidential Acting "
    "Former Lt Col Colonel Major Brigadier Lieutenant Staff Sgt Sergeant Captain Capt Admiral Adm Home "
    "Justice Finance State Army Air Navy Attorney Crown Grand Opposition Party Rebel Top Office".split()
)


def mention_of(span: Span, label: str, actor: Actor | None) -> EntityMention:
    return EntityMention(text=span.text, label=label, start=span.start_char, end=span.end_char, actor=actor)


def is_title_office(ent: Span) -> bool:
    """'State' in 'Secretary of State', 'Minister of State': a word of a person's title, not an organisation."""
    doc = ent.doc
    return (
        doc_text(doc)[ent.start_char : ent.end_char] in TITLE_OFFICES  # ``ent.text``, without joining its tokens
        and ent.start > 1
        and doc[ent.start - 1].lower_ == "of"
        and doc[ent.start - 2].lemma_.lower() in individual_nouns()
    )


def trim(ent: Span) -> Span:
    """Model spans cut to the name: 'the Kurdish' (tagged ORG before 'YPG') is the nationality word alone;
    a possessive or a dangling 'of' ('the Government of') is not part of a name; 'Gen. Joseph Votel' is
    the person 'Joseph Votel' (the titled phrase is returned separately)."""
    doc = ent.doc
    start, end, label = ent.start, ent.end, ent.label_
    while end - start > 1 and (doc[start].pos_ in LEADING_NON_NAME_POS or doc[start].lower_ in LOCATIVE_PREPS):
        start += 1  # "Later Mr Petrov" -> "Mr Petrov", "Near Palmyra" -> "Palmyra"
    while end - start > 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in DANGLING_WORDS):
        end -= 1
    if label == "PERSON":
        while end - start > 1 and is_title_word(doc[start]) and doc[start + 1].is_title:
            start += 1
    if label == "LOC" and end - start > 1 and doc[start].lower_ == "the":
        start += 1  # "the Middle East", "the Tigris River": the name is without the article
    if end - start > 1 and doc[start].lower_ == "the" and all(is_group_word(t.text) for t in doc[start + 1 : end]):
        start, label = start + 1, "NORP"
    if (start, end) == (ent.start, ent.end) and label == ent.label_:
        return ent
    return Span(doc, start, end, label=label)


def is_title_word(token: Token) -> bool:
    """'Gen.', 'Foreign', 'Minister', 'Iraqi': words of a title written before a name."""
    word = token.text.rstrip(".")
    return bool(
        word[:1].isupper()
        and (word in TITLES or word in TITLE_MODIFIERS or token.lower_ in role_nouns() or demonym_iso3(word))
    )


def titled_span(ent: Span) -> Span | None:
    """'Foreign Secretary Philip Hammond' around the name 'Philip Hammond', when a title precedes it."""
    doc = ent.doc
    start = ent.start
    while start > ent.sent.start and is_title_word(doc[start - 1]):
        start -= 1
    # a title needs its noun ("Prime Minister", "Staff Colonel"): "Mr" or "Foreign" alone adds nothing
    if not any(t.lower_ in role_nouns() for t in doc[start : ent.start]):
        return None
    return doc[start : ent.end]


def is_group_word(word: str) -> bool:
    return bool(word[:1].isupper() and (demonym_iso3(word) or word in group_words()))


def bare_name(ent: Span) -> str:
    """The span text without a leading 'the' or title ('Mr') and a trailing possessive."""
    tokens = [t for t in ent if t.tag_ != "POS" and t.text not in {"'s", "’s"}]
    while tokens and (tokens[0].lower_ == "the" or tokens[0].text.rstrip(".") in TITLES):
        tokens = tokens[1:]
    return " ".join(t.text for t in tokens).replace(" - ", "-").strip()
