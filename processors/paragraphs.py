"""Character offsets of sentences and paragraphs in an article's text (shared by events and casualties)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

_TEXT_KEY = ("eventpipe", "text")

# A scraped page's furniture, which speaks to its reader, not of the news: 'Click here to sign up', 'Sign in using your
# wsbtv profile', a template's '{* loginWidget *}', a tweet widget's 'Add a location to your Tweets'. It tells no event
# ('sign up' is no agreement signed, 'return to the page you were visiting' no visit) and no toll (events and
# casualties both skip it).
PAGE_FURNITURE = re.compile(
    r"\b(?:click|tap) here\b|^\W*(?:sign|log) (?:in|up|on)\b|\{\*|\*\}|\badd a location to your tweets\b"
    # a link to another story, under its headline ('Previous: Amish boy shot in head ...', 'RELATED: 4 found dead')
    r"|^\W*(?:previous|related(?: stories| story| coverage| content| links?)?|read more|more|see also|also read|"
    r"previous coverage|earlier)\s*:"
    # ... or a box of links under an advertisement, without the colon ('Advertisement Related Content Man accused of
    # killing friend')
    r"|^\W*(?:advertisement\s+)?related content\s+(?-i:[A-Z])"
    # a news site's offer to follow its author ('Get email notifications on Jane Roe daily!', 'Whenever Jane Roe
    # posts new content, ...'): the author's name in it is no person of the story
    r"|\bemail notifications\b|\bposts new content\b|\bsaving your notification\b"
    # a video playlist's item, its length before its title ('1:20 Suspect's grandfather speaks'), not a live
    # blog's time ('2:30 p.m.')
    r"|^\W*\d{1,2}:\d{2}\s+(?-i:[A-Z])"
    # a gallery's slide, its date and credit before its number and its title in capitals ('(July 24) AP 7 of 10
    # DEADLY THEATER SHOOTING IN LA.'): the day the picture was taken, not the story's; a slide that goes on with a
    # teaser of its own is read
    r"|^[^\n.!?]{0,40}?\b\d{1,2} of \d{1,2}\s+(?-i:[A-Z][A-Z0-9 ,'’&:-]*)\.?\s*$",
    re.IGNORECASE,
)


# A page's list of other stories under a heading that offers them ('More stories you may like on 7News', 'You may
# also like'): what follows is their headlines and teasers ('25 hurt in apparent explosion in NYC neighborhood ...'),
# none of them this story, to the end of the page. Only a heading of its own line that offers reading: 'TRENDING
# STORIES:' or 'More stories from the Sandusky Police' sit inside a story that goes on after them.
OTHER_STORIES_HEADING = re.compile(
    r"^[^\S\n]*(?:more stories you (?:may|might) (?:also )?like|you (?:may|might) also like|you (?:may|might) like|"
    r"recommended for you|(?:from )?around the web)\b[^.!?\n]{0,40}$",
    re.IGNORECASE | re.MULTILINE,
)
_TAIL_KEY = ("eventpipe", "other_stories_from")


def other_stories_from(doc: Doc) -> int:
    """The character offset where the page's list of other stories begins (``OTHER_STORIES_HEADING``), or the
    text's length when it has none; read once per Doc."""
    start = doc.user_data.get(_TAIL_KEY)
    if start is None:
        text = doc_text(doc)
        heading = OTHER_STORIES_HEADING.search(text)
        start = doc.user_data[_TAIL_KEY] = heading.start() if heading else len(text)
    return start


def is_page_furniture(sent: Span) -> bool:
    """Whether a sentence is the page's, not the story's: its furniture (``PAGE_FURNITURE``) or a line of its
    list of other stories (``other_stories_from``)."""
    return sentence_offsets(sent)[0] >= other_stories_from(sent.doc) or bool(PAGE_FURNITURE.search(sent.text))


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once per Doc: spaCy's ``Doc.text`` joins every token again on each access, which cost
    more than a third of the extraction time when the processors read it per sentence."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def sentence_offsets(sent: Span) -> tuple[int, int]:
    """Character offsets of a sentence without surrounding whitespace (shared with casualties)."""
    text = doc_text(sent.doc)[sent.start_char : sent.end_char]
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, sent.start_char + len(text.rstrip())


def paragraph_span(starts: Sequence[int], index: int, text_end: int) -> tuple[int, int]:
    """Character range of paragraph ``index`` (as numbered by ``bisect_right(starts, offset)``)."""
    return (starts[index - 1] if index else 0, starts[index] if index < len(starts) else text_end)


# A line break ends a paragraph: feeds and scraped pages put one paragraph per line, other sources a blank line
# between paragraphs; no source here wraps its lines inside a paragraph.
PARAGRAPH_BREAK = re.compile(r"\n+")


def paragraph_starts(text: str) -> list[int]:
    """Offsets of the line breaks that separate paragraphs (shared with casualties)."""
    return [match.start() for match in PARAGRAPH_BREAK.finditer(text)]
