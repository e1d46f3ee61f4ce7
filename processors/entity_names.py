"""The standard named-entity layer: the model's name spans, cleaned and completed where the small model is weak.

What spaCy's NER means by a name, and nothing else (no pronouns, no descriptions, no titles): the model's spans
cut to the name (``entity_spans.trim``, and a leading 'the' off every name), split where numbers separate names
in lists and tables ("Kent 244", "Atlanta 5 Pittsburgh 1"), and completed by rules from
data/entity_rules.json and the gazetteer:

- a place written right next to an organisation word is one organisation ("Real Madrid", "Radio Romania",
  "Leeds United"), and a country right before an organisation's name belongs to it ("U.S. Senate Banking
  Committee"): the entity ruler pins countries and capitals as places, which would otherwise cut these names;
- events and competitions are EVENT ("Davis Cup", "Hong Kong Open", "Wimbledon");
- places the model misses in capitals ("SLOVAKIA BEAT LATVIA") or in a dateline ("CARDIFF 1996-08-31",
  "NORTHAMPTON, England 1996-08-31") come from the gazetteer;
- in table rows, a capitalised name between numbers that the model left untagged is a name ("Preston 4 1 1").
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from processors.entity_spans import trim
from processors.gazetteer import capital_iso3, country_iso3, demonym_iso3, find_place
from processors.nlp import AMBIGUOUS_PLACE_NAMES

# Labels of names; the numeric types (DATE, CARDINAL, MONEY, ...) are not names.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
PLACE_LABELS = frozenset({"GPE", "LOC"})
SURE_LABELS = frozenset({"GPE", "LOC", "NORP"})
# A number, score or figure that separates names in a list or table ("244", "8-0-37-2", "3:51.40", "1.").
NUMBER = re.compile(r"^[+-]?[\d][\d.,:/-]*\.?$|^\d+(?:st|nd|rd|th)?\.$")
# A date that ends a dateline ("1996-08-31", "2016-07-01").
DATELINE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A line is a table row when at least this share of its tokens are numbers ("Preston 4 1 1 2 4 5 4").
TABLE_NUMBER_SHARE = 0.3
# Longest place name read from capitals ("BOSNIA AND HERZEGOVINA" is five tokens; longer runs are headlines).
CAPITALS_PLACE_TOKENS = 4


@cache
def entity_rules() -> dict[str, frozenset[str]]:
    """data/entity_rules.json, each list as a set (the ``_about`` text left out)."""
    text = resources.files("processors.data").joinpath("entity_rules.json").read_text(encoding="utf-8")
    return {key: frozenset(value) for key, value in json.loads(text).items() if not key.startswith("_")}


def standard_spans(doc: Doc) -> list[Span]:
    """The named entities of ``doc`` as spaCy's NER means them, in text order, never overlapping."""
    tokens = list(doc)  # one Token object per word: indexing the Doc creates a new one every time
    # and each word's text, for the scans over every word: string tests on them cost less than a Token's
    # attributes (a Token's lower-case form and flags are its text's: ``str.lower``, ``str.isupper``, ...)
    words = [token.text for token in tokens]
    lines = _line_bounds(words)
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        for part in _split_at_numbers(ent, lines):
            cut = _without_article(trim(part))
            if any(_is_name_word(t) for t in cut) and cut.text not in entity_rules()["not_names"]:
                spans.append(cut)
    spans = _merge_place_organisations(doc, tokens, words, spans)
    spans = _with_events(doc, tokens, words, spans)
    spans = _consistent_people(doc, tokens, words, spans)
    added = _dateline_places(doc, tokens, lines) + _capitals_places(doc, words)
    added += _table_names(doc, tokens, spans, lines)
    return _resolve(spans, added)


def _is_name_word(token: Token) -> bool:
    return token.text[:1].isupper() or token.text[:1].isdigit() and not NUMBER.match(token.text)


def _without_article(span: Span) -> Span:
    """'the United States' -> 'United States': the article is no part of a name in the standard conventions,
    except in titles of works ('The Crying Game') and in names that keep it ('The Hague', data/entity_rules.json)."""
    if span.label_ == "WORK_OF_ART" or span.text in entity_rules()["names_with_article"]:
        return span
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    if start == span.start:
        return span
    return Span(span.doc, start, span.end, label=span.label_)


def _is_number(token: Token) -> bool:
    return _is_number_text(token.text)


def _is_number_text(text: str) -> bool:
    """``NUMBER`` matches ``text``. A match starts with a sign or a digit, so the pattern is only tried on those
    (``str.isdigit`` holds for every digit ``\\d`` matches): this runs for every token of every text."""
    first = text[:1]
    return (first.isdigit() or first in {"+", "-"}) and bool(NUMBER.match(text))


def _split_at_numbers(ent: Span, lines: tuple[list[int], list[float]]) -> list[Span]:
    """A span run over a row of a table or list is cut at its numbers: 'Kent 244' -> 'Kent', 'Atlanta 5 Pittsburgh
    1' -> 'Atlanta', 'Pittsburgh', '1. Colin Montgomerie' -> 'Colin Montgomerie'. Names with numbers inside
    ("Boeing 747", "Task Force 58") keep them outside tables: only a trailing number is cut there, and only from
    people and places."""
    if not any(_is_number(t) for t in ent):
        return [ent]
    doc = ent.doc
    if not _in_table(ent, lines) and not _is_number(ent[0]):
        if ent.label_ not in {"PERSON", "GPE", "LOC", "NORP"}:
            return [ent]
        end = ent.end
        while end > ent.start and (_is_number(doc[end - 1]) or doc[end - 1].is_punct):
            end -= 1
        return [Span(doc, ent.start, end, label=ent.label_)] if end > ent.start else []
    parts, start = [], ent.start
    for i in range(ent.start, ent.end + 1):
        if i == ent.end or _is_number(doc[i]) or doc[i].text in {"(", ")", ",", ";", ":"}:
            if i > start:
                parts.append(Span(doc, start, i, label=ent.label_))
            start = i + 1
    return parts


def _line_bounds(words: list[str]) -> tuple[list[int], list[float]]:
    """Token index where each line starts, and the share of number tokens on each line. ``words``: the tokens'
    texts (a line break is a whitespace token's: a token's trailing whitespace is one space or none)."""
    starts, shares = [0], []
    count = numbers = 0
    for i, text in enumerate(words):
        count += not text.isspace()
        numbers += _is_number_text(text)
        if "\n" in text:
            shares.append(numbers / max(count, 1))
            starts.append(i + 1)
            count = numbers = 0
    shares.append(numbers / max(count, 1))
    return starts, shares


def _in_table(span: Span, lines: tuple[list[int], list[float]]) -> bool:
    starts, shares = lines
    return shares[bisect_right(starts, span.start) - 1] >= TABLE_NUMBER_SHARE


def _merge_place_organisations(doc: Doc, tokens: list[Token], words: list[str], spans: list[Span]) -> list[Span]:
    """A place with an organisation word written next to it is one organisation ('Real Madrid', 'Radio
    Romania', 'Leeds United'); a country right before an organisation's name belongs to the name
    ('U.S. Senate Banking Committee')."""
    rules = entity_rules()
    prefixes, suffixes = rules["place_org_prefixes"], rules["place_org_suffixes"]
    out: list[Span] = []
    by_start = {s.start: s for s in spans}
    skip: set[int] = set()
    for span in spans:
        if span.start in skip:
            continue
        if span.label_ not in PLACE_LABELS:
            named = _named_with_place(span, prefixes, suffixes)
            out.append(Span(doc, span.start, span.end, label="ORG") if named else span)
            continue
        start, end = span.start, span.end
        before = _by_last_word(prefixes).get(words[start - 1], ()) if start > 0 else ()
        after = _by_first_word(suffixes).get(words[end], ()) if end < len(words) else ()
        start -= next((len(w) for w in before if tuple(words[max(start - len(w), 0) : start]) == w), 0)
        end += next((len(w) for w in after if tuple(words[end : end + len(w)]) == w), 0)
        if _name_goes_on(tokens, start, end):
            start, end = span.start, span.end  # "George Washington University Medical Center": a longer name
        following = by_start.get(span.end)
        if (start, end) == (span.start, span.end) and _country_of_organisation(span, following):
            end = following.end
            skip.add(following.start)
        if (start, end) != (span.start, span.end):
            out = [s for s in out if s.end <= start]
            out.append(Span(doc, start, end, label="ORG"))
        else:
            out.append(span)
    return out


def _named_with_place(span: Span, prefixes: frozenset[str], suffixes: frozenset[str]) -> bool:
    """'Leeds United', 'Dynamo Moscow' tagged as one span of another label: an organisation word and a place."""
    text = span.text
    # most names start and end with no rule word: one test against all of them spares a test per rule
    if text.startswith(_with_space_after(prefixes)):
        for words in prefixes:
            if text.startswith(words + " ") and find_place(text[len(words) + 1 :]) is not None:
                return True
    if text.endswith(_with_space_before(suffixes)):
        for words in suffixes:
            if text.endswith(" " + words) and find_place(text[: -len(words) - 1]) is not None:
                return True
    return False


@cache
def _with_space_after(phrases: frozenset[str]) -> tuple[str, ...]:
    return tuple(phrase + " " for phrase in phrases)


@cache
def _with_space_before(phrases: frozenset[str]) -> tuple[str, ...]:
    return tuple(" " + phrase for phrase in phrases)


def _name_goes_on(tokens: list[Token], start: int, end: int) -> bool:
    """Whether a capitalised word continues the name on either side ("U.S. Air Force", "The London Daily Mail")."""
    before = start > 0 and _is_capitalised(tokens[start - 1]) and not tokens[start].is_sent_start
    return before or end < len(tokens) and _is_capitalised(tokens[end])


@cache
def _split(phrases: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """Rule phrases as token tuples, longest first ('Bank of' before 'Bank')."""
    return tuple(sorted((tuple(p.split()) for p in phrases), key=len, reverse=True))


@cache
def _by_last_word(phrases: frozenset[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """``_split(phrases)`` by their last word, in that order: only those can end right before a name."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for words in _split(phrases):
        found.setdefault(words[-1], []).append(words)
    return {word: tuple(group) for word, group in found.items()}


@cache
def _by_first_word(phrases: frozenset[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """``_split(phrases)`` by their first word, in that order: only those can start right after a name."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for words in _split(phrases):
        found.setdefault(words[0], []).append(words)
    return {word: tuple(group) for word, group in found.items()}


def _country_of_organisation(place: Span, following: Span | None) -> bool:
    """'U.S.' + 'Senate Banking Committee': a country written right before an organisation's name (a space
    between them, no punctuation) names whose organisation it is."""
    return bool(
        following is not None
        and following.label_ == "ORG"
        and country_iso3(place.text)
        and place[-1].whitespace_
        and not place[-1].is_punct
    )


def _with_events(doc: Doc, tokens: list[Token], words: list[str], spans: list[Span]) -> list[Span]:
    """Names of events and competitions as EVENT: a capitalised name ending in an event word ('Davis Cup',
    'Greater Milwaukee Open', 'World Series of Golf'; not 'Federal Open Market Committee', where the name goes
    on) or a known event name in any case ('Wimbledon', 'WORLD CUP'). They replace the model spans they overlap."""
    rules = entity_rules()
    heads = rules["event_heads"]
    found: list[Span] = []
    size = len(tokens)
    for i, word in enumerate(words):
        if word not in heads or i + 1 < size and _is_capitalised(tokens[i + 1]):
            continue
        token = tokens[i]
        start = token.i
        while start > 0 and _is_capitalised(tokens[start - 1]) and "\n" not in tokens[start - 1].whitespace_:
            start -= 1
        if start == token.i:
            continue
        end = token.i + 1
        if end + 1 < size and tokens[end].lower_ == "of" and _is_capitalised(tokens[end + 1]):
            end += 1
            while end < size and _is_capitalised(tokens[end]):
                end += 1
        found.append(Span(doc, start, end, label="EVENT"))
    found += _named_events(doc, words)
    if not found:
        return spans
    kept = [s for s in spans if not any(s.start < e.end and e.start < s.end for e in found)]
    return sorted(kept + _outermost(found), key=lambda s: s.start)


def _named_events(doc: Doc, texts: list[str]) -> list[Span]:
    names = _named_event_words()
    firsts = {words[0] for words in names}
    lowers = [text.lower() for text in texts]
    found = []
    for i, word in enumerate(lowers):
        if word not in firsts or not texts[i][:1].isupper():
            continue
        for words in sorted((w for w in names if w[0] == word), key=len, reverse=True):
            if tuple(lowers[i : i + len(words)]) == words:
                found.append(Span(doc, i, i + len(words), label="EVENT"))
                break
    return found


@cache
def _named_event_words() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(name.lower().split()) for name in entity_rules()["named_events"])


def _outermost(spans: list[Span]) -> list[Span]:
    """The spans not inside another one, without overlaps (the earlier and longer wins)."""
    result: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if not result or span.start >= result[-1].end:
            result.append(span)
    return result


def _is_capitalised(token: Token) -> bool:
    """A word of a name: 'Davis', 'U.S.', 'Under-21'; not 'The' or 'A', which begin phrases."""
    word = token.text.replace(".", "").replace("-", "").replace("'", "")
    return bool(token.text[:1].isupper() and word.isalnum() and token.lower_ not in {"the", "a", "an"})


def _consistent_people(doc: Doc, tokens: list[Token], words: list[str], spans: list[Span]) -> list[Span]:
    """One person, one label through a document: once a full name is a PERSON ("Alexander Lebed"), its surname
    alone is that person too, whether the model labelled it otherwise ("Lebed" as a place) or missed it
    ("Lebed said"). Countries and capitals are left to the gazetteer ("Jordan" the country, not a surname)."""
    surnames = {s[-1].text for s in spans if s.label_ == "PERSON" and len(s) > 1 and s[-1].text[:1].isupper()}
    names = {s.text for s in spans if s.label_ == "PERSON"}
    surnames = {w for w in surnames if len(w) > 2 and not _is_place_name(w)}
    if not surnames:
        return spans
    result = []
    for span in spans:
        if span.label_ not in {"PERSON", "EVENT"} and (span.text in surnames or span.text in names and len(span) > 1):
            span = Span(doc, span.start, span.end, label="PERSON")
        result.append(span)
    covered = {i for s in result for i in range(s.start, s.end)}
    for i, word in enumerate(words):
        if word in surnames and i not in covered and tokens[i].pos_ == "PROPN":
            result.append(Span(doc, i, i + 1, label="PERSON"))
    return sorted(result, key=lambda s: s.start)


def _is_place_name(word: str) -> bool:
    return bool(country_iso3(word) or capital_iso3(word) or demonym_iso3(word))


def _dateline_places(doc: Doc, tokens: list[Token], lines: tuple[list[int], list[float]]) -> list[Span]:
    """'CARDIFF 1996-08-31', 'NORTHAMPTON, England 1996-08-31', 'ST. LOUIS 1996-08-30', 'BOSTON (Reuters) -':
    the place a report is filed from, at the start of a paragraph, in capitals, before a date, or before a
    source or a dash when the gazetteer knows the place ('SOCCER - ...' is a headline's topic)."""
    found: list[Span] = []
    starts, _ = lines
    for first in starts:
        end = first
        while end < len(tokens) and end - first < CAPITALS_PLACE_TOKENS and _is_capitals_word(tokens[end]):
            end += 1
        if end == first or end >= len(tokens):
            continue
        head = Span(doc, first, end, label="GPE")
        after, qualifier = end, None
        if tokens[end].text == "," and end + 1 < len(tokens) and tokens[end + 1].is_title:
            after = end + 1
            while after < len(tokens) and tokens[after].is_title and after - end <= 3:
                after += 1
            qualifier = Span(doc, end + 1, after, label="GPE")
        if after >= len(tokens):
            continue
        dated = bool(DATELINE_DATE.match(tokens[after].text))
        credit = tokens[after].text
        credited = credit == "(" or credit in {"-", "--", "—", "–"} and bool(tokens[after - 1].whitespace_)
        if not (dated or credited and find_place(head.text.title()) is not None):
            continue
        found.append(head)
        if qualifier is not None:
            found.append(qualifier)
    return found


def _is_capitals_word(token: Token) -> bool:
    """'CARDIFF', 'ST.', 'LOS': a word in capitals (a dotted abbreviation too)."""
    return token.is_upper and token.text.replace(".", "").isalpha()


def _capitals_places(doc: Doc, words: list[str]) -> list[Span]:
    """Countries, capitals and nationality words written in capitals ('SLOVAKIA', 'SRI LANKA', 'DUTCH'), which
    the ruler's exact-case patterns and the model miss. ``words``: the tokens' texts."""
    found: list[Span] = []
    i = 0
    while i < len(words):
        if not (words[i].isupper() and words[i].isalpha() and len(words[i]) > 2):
            i += 1
            continue
        for n in range(CAPITALS_PLACE_TOKENS, 0, -1):
            run = words[i : i + n]
            if len(run) < n or not all(word.isupper() for word in run):
                continue
            name = doc[i : i + n].text.title()
            if name not in AMBIGUOUS_PLACE_NAMES and (country_iso3(name) or capital_iso3(name)):
                found.append(Span(doc, i, i + n, label="GPE"))
                i += n - 1
                break
            if n == 1 and demonym_iso3(name):
                found.append(Span(doc, i, i + 1, label="NORP"))
                break
        i += 1
    return found


def _table_names(doc: Doc, tokens: list[Token], spans: list[Span], lines: tuple[list[int], list[float]]) -> list[Span]:
    """Capitalised names in a table row that no entity covers: 'Preston 4 1 1 2 4 5 4', 'Hanwha 6 Ssangbangwool
    5'. A country is a place; a name with an initial ('J. Russell') a person; any other an organisation (in
    results and standings tables, the teams and companies)."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    not_names = entity_rules()["not_names"]
    found: list[Span] = []
    starts, shares = lines
    for n, first in enumerate(starts):
        if shares[n] < TABLE_NUMBER_SHARE:
            continue
        last = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        i = first
        while i < last:
            if i in covered or not tokens[i].text[:1].isupper() or tokens[i].text in not_names or _is_number(tokens[i]):
                i += 1
                continue
            end = i
            while end < last and end not in covered and _continues_table_name(tokens[end]):
                end += 1
            words = doc[i:end]
            alone = (i == first or _is_number(tokens[i - 1]) or tokens[i - 1].is_punct) and (
                end == last or _is_number(tokens[end]) or tokens[end].is_punct
            )
            if alone and any(t.is_alpha and len(t) > 1 for t in words) and tokens[end - 1].text != "-":
                found.append(Span(doc, i, end, label=_table_label(words)))
            i = max(end, i + 1)
    return found


def _continues_table_name(token: Token) -> bool:
    return (token.text[:1].isupper() or token.text in {"-", "'s"}) and not _is_number(token)


def _table_label(words: Span) -> str:
    name = words.text
    if country_iso3(name):
        return "GPE"
    if demonym_iso3(name):
        return "NORP"
    if len(words) > 1 and re.match(r"^[A-Z]\.$", words[0].text):
        return "PERSON"
    return "ORG"


def _resolve(spans: list[Span], added: list[Span]) -> list[Span]:
    """The cleaned model spans with the rule spans added. A rule span replaces the model spans it overlaps (only
    datelines and places in capitals can overlap them: the model reads text in capitals poorly), except a
    model place of the same extent, which keeps the model's label."""
    result = list(spans)
    for extra in added:
        overlapping = [s for s in result if s.start < extra.end and extra.start < s.end]
        if any((s.start, s.end) == (extra.start, extra.end) and s.label_ in SURE_LABELS for s in overlapping):
            continue  # the model (or the ruler) already has this place
        result = [s for s in result if s not in overlapping]
        result.append(extra)
    result.sort(key=lambda s: s.start)
    return [s for i, s in enumerate(result) if i == 0 or s.start >= result[i - 1].end]


