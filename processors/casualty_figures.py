"""Finding casualty figures: the casualty words of a text and the victims each one counts.

A count is only read where the syntax ties a number to a casualty word: the object of an
active "killed"/"wounded" ("killing two Russian servicemen"), the subject of a passive or of
"died" ("five people were injured", "44 died"), a noun described as dead ("left three
soldiers dead"), a casualty noun ("44 deaths", "the deaths of 12 people", "the death toll
rose to 30", "two bodies"), or a condition ("was in critical condition"). "shot"/"stabbed"
count everyone hit (wounded unless "fatally", "dead" or "to death" says otherwise).
Statistics ("since 1999", "every year") and unrealised or intended deaths are skipped.
Coordinated victims add up ("three soldiers and a civilian" -> 4); a perpetrator is counted apart
("before killing himself"). How many a victim phrase states is processors/casualty_numbers.py.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import VERB
from spacy.tokens import Doc, Token

from processors.casualty_numbers import (
    PERSON_NOUNS,
    VAGUE_AMOUNTS,
    count_of,
    is_number,
    opens_headline,
    ordinal_of,
    sum_counts,
    zero_if_denied,
)
from processors.doc_arrays import string_id_array
from processors.event_modality import is_unrealised
from processors.paragraphs import sentence_offsets
from processors.types import Count

KILLED_LEMMAS = frozenset(
    {"kill", "die", "dead", "deceased", "murder", "slay", "execute", "behead", "death", "fatality", "perish", "martyr"}
    | {"killing", "assassination", "massacre", "execution", "slaying", "beheading", "lynching"}
)
INJURED_LEMMAS = frozenset(
    {"injure", "wound", "hurt", "injured", "wounded", "injury", "hospitalize", "hospitalise", "hospitalized"}
)
# "in critical condition": the state of someone wounded
CONDITION_WORDS = frozenset({"critical", "serious", "grave", "stable", "guarded", "fair", "life-threatening"})
NOUN_ANCHORS = frozenset({"death", "fatality", "injury", "body"})
# "the murder of two policemen", "the killing of a teenager": an act noun counts the people named after "of"
ACT_NOUNS = frozenset(
    {"murder", "killing", "assassination", "massacre", "execution", "slaying", "beheading", "lynching"}
)
# Verbs of violence whose victims are wounded unless the clause says they died ("shot dead").
HARM_VERBS = frozenset(
    {"shoot", "stab", "beat", "hack", "slash", "bludgeon", "strangle", "stone", "club", "lynch", "graze"}
)
FATAL_WORDS = frozenset({"fatally", "mortally", "dead", "fatal"})  # "fatal" of a noun: "the fatal injury of a man"
# "four people were taken to the hospital", "the shooting sent five people to the hospital": those hurt (and
# perhaps some who died there: read as ``hit``)
HOSPITAL_VERBS = frozenset({"take", "transport", "rush", "send", "fly", "airlift", "bring", "carry"})
HOSPITAL_WORDS = frozenset({"hospital", "hospitals"})
UNHURT_PURPOSES = frozenset({"evaluation", "observation", "precaution", "check", "checkup", "autopsy"})
REFLEXIVES = frozenset({"himself", "herself"})
# What a phrase coordinated with the dead may be instead ('the four dead women and the unharmed child').
OTHER_STATES = frozenset({"unharmed", "uninjured", "unhurt", "injured", "wounded", "hurt", "alive", "safe"})
# Attackers counted on their own are added to the victims (GVA and ACLED totals include them).
PERPETRATOR_NOUNS = frozenset(
    {"suspect", "gunman", "shooter", "attacker", "assailant", "bomber", "perpetrator", "killer", "robber", "hijacker"}
)
INTENT_WORDS = frozenset({"effort", "attempt", "bid", "plan", "plot", "threat", "threaten", "try", "want", "intend"})
VICTIM_POS = frozenset({"NOUN", "PROPN", "NUM", "PRON", "ADJ"})
# what hits people when a gun is fired: its strike is a shooting's ('struck by a stray bullet')
PROJECTILES = frozenset({"bullet", "gunfire", "round", "gunshot", "shot", "pellet", "shrapnel", "buckshot"})
# 'a double shooting', 'a triple homicide': how many an act struck, and whether they died or were hit
MULTIPLES = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5, "sextuple": 6}
MULTIPLE_ACTS = {"shooting": "injured", "stabbing": "injured", "homicide": "killed", "murder": "killed",
                 "slaying": "killed", "killing": "killed"}
# Every lemma or word ``_casualty_kind`` reads a kind from: it is asked about every token, and most are none.
# 'a man suffered a gunshot wound', 'sustained minor injuries', 'received a fatal wound': whose wound it is
SUFFERING_VERBS = frozenset({"suffer", "sustain", "receive"})
# injuries only the living have: 'minor injuries', 'superficial wounds' ('non-life-threatening' is read by its 'non')
SURVIVED_WORDS = frozenset({"minor", "superficial", "slight", "light", "treatable"})
# what someone is 'with' that makes them wounded: 'a man with gunshot wounds', 'left eight people with injuries'
WOUND_NOUNS = frozenset({"wound", "injury"})
# where someone with a wound arrives or is found: 'showed up at a hospital with a gunshot wound'
PLACE_NOUNS = frozenset({"hospital", "home", "house", "residence", "apartment", "scene", "center", "centre", "clinic",
                         "room", "facility", "station", "store", "car", "vehicle", "street", "area", "building"})
# 'the shooting claimed the life of a teen', 'took the lives of three officers', 'took his own life'
LIFE_TAKING_VERBS = frozenset({"claim", "take"})
_CASUALTY_WORDS = (
    KILLED_LEMMAS | INJURED_LEMMAS | ACT_NOUNS | HARM_VERBS | HOSPITAL_VERBS
    | {"toll", "body", "condition", "lose", "turn", "shooting", "stabbing", "beating", "strike"} | set(MULTIPLE_ACTS)
    | LIFE_TAKING_VERBS
)
FUTURE_AUXILIARIES = frozenset({"will", "'ll", "’ll", "shall"})
# 'turned the gun on himself': news's words for a suicide, unless the sentence says he survived
WEAPON_NOUNS = frozenset({"gun", "weapon", "rifle", "pistol", "shotgun", "handgun", "firearm", "revolver"})


@dataclass(frozen=True)
class CasualtyCount:
    """A count read from the text, with its kind (killed | injured) and the sentence it came from.

    ``who`` says whom it counts: "victims" (the default), "perpetrators" ("the gunman was shot
    dead", "the gunman then shot himself") or "self" ("killing himself"); attackers are added to, not
    compared with, the victims. ``by_another``: the victims were harmed by someone named apart from them
    ("killed his wife", "was shot by her husband", "the murder of two men"), so a "self" who did it is one
    more casualty; without such victims, the one who shot himself is the story's victim ("the boy was taken to
    hospital after he accidentally shot himself").
    """

    kind: str
    count: Count
    sentence_start: int
    anchor: int  # token index of the casualty word
    who: str = "victims"
    hit: bool = False  # read from "shot"/"stabbed": everyone hit, the wounded and perhaps the dead
    ordinal: bool = False  # read from "a second worker was wounded": the victims so far, the dead included
    by_another: bool = False


FATAL_ADVERBS = frozenset({"fatally", "mortally"})


def find_casualty_counts(doc: Doc) -> list[CasualtyCount]:
    """Every killed/injured count the text states, in text order."""
    counts = []
    words = _casualty_word_positions(doc)
    for sent in doc.sents:
        sentence_start = sentence_offsets(sent)[0]
        inside = words.casualty[bisect_left(words.casualty, sent.start) : bisect_left(words.casualty, sent.end)]
        first_harm = bisect_left(words.harm_verbs, sent.start)
        shooting = first_harm < len(words.harm_verbs) and words.harm_verbs[first_harm] < sent.end
        # without a harming verb only a casualty word can give a count: the sentence's other words are not read
        tokens = list(sent) if shooting else [doc[i] for i in inside]
        for token in tokens:
            multiple = _multiple_act(token)
            if multiple is not None:
                kind, count = multiple
                counts.append(CasualtyCount(kind, count, sentence_start, token.i, hit=kind == "injured"))
                continue
            kind = _casualty_kind(token)
            read = _count_for_anchor(token) if kind else None
            if kind and read is not None:
                hit = kind == "injured" and (token.lemma_.lower() in HARM_VERBS | HOSPITAL_VERBS | {"strike"}
                                             or _later_died(token) or _suffered_hit(token))
                victims = _victims(token)
                ordinal = len(victims) == 1 and ordinal_of(victims[0]) is not None
                by_another = any(_harmed_by_another(v) for v in victims)
                counts.append(CasualtyCount(kind, read[0], sentence_start, token.i, read[1], hit, ordinal, by_another))
            elif shooting and (fatal := _fatal_share(token)) is not None:
                counts.append(CasualtyCount("killed", fatal, sentence_start, token.i))
    return counts


@dataclass(frozen=True)
class _CasualtyWords:
    """Token indices, in order, of a doc's casualty words (lemma or lower-case form in ``_CASUALTY_WORDS``: the
    only ones ``_casualty_kind`` reads further) and of its harming verbs (``HARM_VERBS``, as verbs)."""

    casualty: list[int]
    harm_verbs: list[int]


def _casualty_word_positions(doc: Doc) -> _CasualtyWords:
    """``_CasualtyWords`` from the doc's arrays, each distinct lemma and form read once, without a Token per word."""
    columns = doc.to_array([LEMMA, LOWER, POS]).reshape(-1, 3)
    lemma_ids, lower_ids, pos = columns[:, 0], columns[:, 1], columns[:, 2]
    strings = doc.vocab.strings
    lemmas = {lemma_id: strings[lemma_id].lower() for lemma_id in numpy.unique(lemma_ids).tolist()}
    casualty_lemmas = [lemma_id for lemma_id, lemma in lemmas.items() if lemma in _CASUALTY_WORDS]
    casualty_forms = [lower_id for lower_id in numpy.unique(lower_ids).tolist() if strings[lower_id] in _CASUALTY_WORDS]
    harm_lemmas = [lemma_id for lemma_id, lemma in lemmas.items() if lemma in HARM_VERBS]
    casualty = numpy.isin(lemma_ids, string_id_array(casualty_lemmas)) | numpy.isin(
        lower_ids, string_id_array(casualty_forms))
    harm_verbs = numpy.isin(lemma_ids, string_id_array(harm_lemmas)) & (pos == VERB)
    return _CasualtyWords(numpy.flatnonzero(casualty).tolist(), numpy.flatnonzero(harm_verbs).tolist())


def _later_died(anchor: Token) -> bool:
    """The hurt the count reads died after: 'was taken to a hospital in critical condition and later died', 'was
    found in critical condition and was pronounced dead' (its verb goes on with a death), so they are among the
    dead, as everyone 'shot' may be (``hit``)."""
    verb = next((t for t in (anchor, *anchor.ancestors) if t.pos_ in {"VERB", "AUX"}), None)
    return verb is not None and any(c.dep_ == "conj" and _tells_a_death(c) for c in verb.children)


def _tells_a_death(verb: Token) -> bool:
    """'(and) later died', '(and) was pronounced dead', '(and) was dead when he arrived', '(and) he later died'; not
    with a subject of its own that is no pronoun ('and her husband died' tells another's death)."""
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and subject.pos_ != "PRON":
        return False
    if subject is None and not _right_after_conjunction(verb):
        return False
    if verb.lemma_.lower() in {"die", "succumb"}:
        return True
    return verb.lemma_.lower() in {"pronounce", "declare", "be"} and any(
        c.dep_ in {"oprd", "acomp", "xcomp"} and c.lower_ == "dead" for c in verb.children)


def _right_after_conjunction(verb: Token) -> bool:
    """The verb group follows its conjunction ('... and was later pronounced dead'): it shares the first verb's
    subject. A noun between ('and the 17-year-old was later pronounced dead', its subject hung elsewhere by the
    parser) is a subject of its own."""
    i = verb.i - 1
    while i > verb.sent.start and verb.doc[i].dep_ in {"aux", "auxpass", "neg", "advmod"}:
        i -= 1
    return verb.doc[i].pos_ == "CCONJ"


def _struck_by_projectile(verb: Token) -> bool:
    """'was struck by a stray bullet', 'gunfire struck two men', 'bullets started flying, striking five boys': a
    bullet's strike is a shooting's hit (a car's or lightning's is no attack)."""
    doers = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    doers += [c for c in verb.children if c.dep_ == "nsubj"]
    if not doers and verb.dep_ in {"advcl", "xcomp", "conj"}:
        # the clause it goes on from, or one told before it there ('a park turned bloody when bullets started
        # flying, striking five boys': 'striking' hangs from 'turned', the bullets from 'started')
        doers = [c for c in verb.head.children if c.dep_ == "nsubj"]
        doers += [g for c in verb.head.children if c.dep_ in {"advcl", "xcomp", "conj"} and c.i < verb.i
                  for g in c.children if g.dep_ == "nsubj"]
    return any(d.lemma_.lower() in PROJECTILES for d in doers)


def _multiple_act(noun: Token) -> tuple[str, Count] | None:
    """'a quadruple shooting' (four people hit), 'a triple homicide' (three people killed): the act's word for how
    many it struck, which a reader counts as the victims the story does not number otherwise."""
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or lemma not in MULTIPLE_ACTS:
        return None
    word = next((c for c in noun.children if c.dep_ in {"amod", "compound", "nmod"} and c.lower_ in MULTIPLES), None)
    if word is None or _did_not_happen(noun):
        return None
    value = MULTIPLES[word.lower_]
    end = noun.idx + len(noun)
    return MULTIPLE_ACTS[lemma], Count(value, value, value, noun.doc.text[word.idx:end], word.idx, end)


def _fatal_share(token: Token) -> Count | None:
    """'Five people were shot, one fatally', 'shot two men, one of them fatally': the number that died of those
    the sentence's shooting hit (the wounded are the rest: ``hit``)."""
    if not is_number(token) or not any(c.dep_ == "advmod" and c.lower_ in FATAL_ADVERBS for c in token.children):
        return None
    return count_of(token)


def _casualty_kind(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    text = token.lower_
    if lemma not in _CASUALTY_WORDS and text not in _CASUALTY_WORDS:
        return None
    if token.pos_ == "NOUN" and lemma in {"toll", "body", "condition"}:
        return _noun_kind(token, lemma)
    if lemma == "beat" and _margin_of_victory(token):
        return None  # 'Derbyshire beat Kent by two wickets': no one hurt
    if lemma in HARM_VERBS and token.pos_ == "VERB" and not _has_particle(token):
        if _is_fatal(token):
            return "killed"  # "fatally shot", "shot dead", "stabbed to death"
        if _followed_by_killing(token) or _aimed_at(token):
            return None  # "shot and killed" is counted by "killed"; "shot at" hit no one
        return "injured"  # "five people were shot" counts the wounded
    if lemma == "strike" and token.pos_ == "VERB" and _struck_by_projectile(token):
        return "killed" if _is_fatal(token) else "injured"  # 'struck by a stray bullet', 'gunfire struck two men'
    if lemma in HOSPITAL_VERBS and token.pos_ == "VERB" and _to_hospital(token):
        return "injured"
    if lemma == "turn":
        return "killed" if token.pos_ == "VERB" and _self_turned_on(token) is not None else None
    if lemma in LIFE_TAKING_VERBS and token.pos_ == "VERB":
        return "killed" if _lives_taken(token) else None
    if lemma == "lose" and token.pos_ == "VERB":
        lives = any(c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in token.children)
        return "killed" if lives else None  # "18 soldiers lost their lives"
    if token.pos_ == "NOUN" and (lemma in ACT_NOUNS or _fatal_act(token)):
        return "killed" if _act_victims(token) else None
    if lemma in KILLED_LEMMAS or text in KILLED_LEMMAS:
        if token.pos_ == "NOUN" and lemma not in NOUN_ANCHORS:
            return None
        if token.dep_ == "compound" or _to_death(token):
            return None  # "death toll" is read at "toll"; "stabbed to death" is read at its verb
        return "killed"
    if lemma in INJURED_LEMMAS or text in INJURED_LEMMAS:
        if token.pos_ == "NOUN" and lemma not in NOUN_ANCHORS and _sufferer(token) is None:
            return None
        return "killed" if _is_fatal(token) or _proved_fatal(token) else "injured"
    return None


def _lives_taken(verb: Token) -> list[Token]:
    """Whose lives a verb took: 'claimed the life of a 15-year-old boy' (the people 'of' the life), 'took his own
    life' (its subject, a suicide); none for 'took the car', 'claimed responsibility' or 'took a life sentence'."""
    lives = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() == "life"]
    of = [g for life in lives for c in life.children if c.dep_ == "prep" and c.lower_ == "of"
          for g in c.children if g.dep_ == "pobj"]
    if of:
        return _with_conjuncts(of)
    return [c for c in verb.children if c.dep_ == "nsubj"] if _own_life(verb) else []  # as 'killed himself' (``_who``)


def _own_life(verb: Token) -> bool:
    """'took his own life', 'took their own lives'."""
    return verb.lemma_.lower() == "take" and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "life" and any(g.lower_ == "own" for g in c.children)
        for c in verb.children)


def _self_turned_on(verb: Token) -> Token | None:
    """'himself' in 'before turning the gun on himself', unless the sentence says he survived."""
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in WEAPON_NOUNS for c in verb.children):
        return None
    if any(t.lemma_.lower() == "survive" for t in verb.sent):
        return None
    return next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "on"
                 for g in c.children if g.dep_ == "pobj" and g.lower_ in REFLEXIVES), None)


def _margin_of_victory(verb: Token) -> bool:
    """Active 'beat X by two wickets / 12 points'; not the passive 'was beaten to death by 15 men'."""
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return False
    return any(c.dep_ == "prep" and c.lower_ == "by" for c in verb.children)


def _to_hospital(verb: Token) -> bool:
    """'taken to the hospital', 'rushed to a local hospital', 'sent to Grady Hospital'; not 'for evaluation' or
    'as a precaution'."""
    preps = [(c.lower_, [g.lemma_.lower() for g in c.children if g.dep_ == "pobj"]) for c in verb.children
             if c.dep_ == "prep"]
    if any(word in UNHURT_PURPOSES for _, objects in preps for word in objects):
        return False
    return any(prep == "to" and any(word in HOSPITAL_WORDS for word in objects) for prep, objects in preps)


def _fatal_act(noun: Token) -> bool:
    """'the fatal shooting of a teen', 'the fatal stabbing of two men': an act noun that harms, told as fatal."""
    return noun.lemma_.lower() in {"shooting", "stabbing", "beating"} and any(
        c.dep_ == "amod" and c.lower_ in FATAL_WORDS for c in noun.children)


def _act_victims(act: Token) -> list[Token]:
    """The people after 'of' in 'the murder of two policemen' (not 'the execution of the plan': only people are
    murdered or killed, but plans are executed too)."""
    named = [g for c in act.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return [v for v in _with_conjuncts(named) if act.lemma_.lower() != "execution" or _names_people(v)]


def _names_people(token: Token) -> bool:
    return (
        token.ent_type_ == "PERSON"
        or token.lemma_.lower() in PERSON_NOUNS
        or is_number(token)
        or any(c.dep_ == "nummod" for c in token.children)
    )


def _to_death(token: Token) -> bool:
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "to" and prep.head.lemma_.lower() in HARM_VERBS


def _noun_kind(token: Token, lemma: str) -> str | None:
    """'the death toll' and 'bodies' report the killed; 'toll' alone and compounds ('body camera') do not."""
    if token.dep_ == "compound":
        return None
    if lemma == "toll":
        return "killed" if any(c.dep_ in {"compound", "amod"} and c.lower_ == "death" for c in token.children) else None
    if lemma == "condition":
        return "injured" if any(c.lower_ in CONDITION_WORDS for c in token.children) else None
    return "killed"


def _is_fatal(token: Token) -> bool:
    for child in token.children:
        if child.lower_ in FATAL_WORDS and not _negated_by_prefix(child):
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(g.lemma_.lower() == "death" for g in child.children):
            return True
    return False


def _negated_by_prefix(word: Token) -> bool:
    """'non-fatal': the tokenizer splits off 'non' and its hyphen."""
    doc = word.doc
    return word.i >= 2 and doc[word.i - 1].text == "-" and doc[word.i - 2].lower_ == "non"


def _followed_by_killing(token: Token) -> bool:
    """'were shot and killed': the killing of the same victims, counted by 'killed'; not 'Five people were shot, and
    one of them died', whose dying has a subject of its own (everyone shot is counted, the dead among them)."""
    return any(c.dep_ == "conj" and c.lemma_.lower() in KILLED_LEMMAS
               and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children) for c in token.children)


def _aimed_at(token: Token) -> bool:
    """'shot at the car', 'were shot at': fired at, no one hit. But 'shot three men at a bar' (an object of its
    own) and 'were shot at a party' (passive, 'at' with its object) say where the victims were hit."""
    if any(c.dep_ == "dobj" for c in token.children):
        return False
    passive = any(c.dep_ == "nsubjpass" for c in token.children)
    return any(
        c.dep_ == "prep" and c.lower_ == "at" and not (passive and any(g.dep_ == "pobj" for g in c.children))
        for c in token.children
    )


def _has_particle(token: Token) -> bool:
    return any(c.dep_ == "prt" for c in token.children)  # "shot down" an aircraft


def _count_for_anchor(anchor: Token) -> tuple[Count, str] | None:
    if _did_not_happen(anchor):
        return None
    victims = _victims(anchor)
    read = [(c, v) for v in victims if (c := count_of(v)) is not None]
    if not read:
        zero = zero_if_denied(anchor)
        return (zero, "victims") if zero is not None else None
    counts = [c for c, _ in read]
    vague = [c for c, v in read if v.lower_ in VAGUE_AMOUNTS or any(x.lower_ in VAGUE_AMOUNTS for x in v.children)]
    if vague and _present_perfect(anchor):
        return None  # "guns have killed too many people, thousands": a general statement, not this incident
    # "many, thousands, tens of thousands" restate one vague amount; numbers in a list add up
    total = counts[0] if len(counts) == 1 else max(counts, key=lambda c: c.best) if vague else sum_counts(counts)
    kinds = {_who(v) for _, v in read}
    return total, kinds.pop() if len(kinds) == 1 else "victims"


def _did_not_happen(anchor: Token) -> bool:
    """'an effort to kill himself', 'he should be dead', 'to harm or kill another person': no casualty.
    Denials ('no one was hurt') are read as zero by ``zero_if_denied`` instead."""
    if zero_if_denied(anchor) is not None:
        return False
    return _intended(anchor) or _future(anchor) or is_unrealised(anchor)


def _future(anchor: Token) -> bool:
    """'they will kill two hostages', 'we'll kill you': a threat or a forecast has no dead yet. (The event stays:
    'X will meet Y' is coded as the meeting.)"""
    return anchor.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in anchor.children)


def _intended(anchor: Token) -> bool:
    """An infinitive of purpose ('an effort to kill himself'); 'claimed to have killed two' reports a fact."""
    aux = {c.lower_ for c in anchor.children if c.dep_ == "aux"}
    if "to" not in aux or "have" in aux:
        return False
    return any(a.lemma_.lower() in INTENT_WORDS for a in list(anchor.ancestors)[:2])


def _present_perfect(anchor: Token) -> bool:
    verb = anchor if anchor.pos_ in {"VERB", "AUX"} else anchor.head
    return any(c.dep_ == "aux" and c.lower_ in {"has", "have"} for c in verb.children)


def _who(victim: Token) -> str:
    if victim.dep_ == "nsubj" and _own_life(victim.head):  # 'the gunman took his own life', as 'killed himself'
        return "perpetrators" if victim.lemma_.lower() in PERPETRATOR_NOUNS else "self"
    if victim.lower_ in REFLEXIVES:
        # 'the gunman then shot himself': an attacker; 'the boy shot himself': whoever the story says he is
        doer = _doer(victim.head)
        return "perpetrators" if doer is not None and doer.lemma_.lower() in PERPETRATOR_NOUNS else "self"
    noun = victim.head if victim.dep_ == "nummod" else victim
    return "perpetrators" if noun.lemma_.lower() in PERPETRATOR_NOUNS else "victims"


def _doer(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with or depends on ('found a gun and shot himself',
    'before shooting himself')."""
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None:
            return subject
        if verb.dep_ not in {"conj", "advcl", "xcomp", "pcomp"} or verb.head is verb:
            return None
        verb = verb.head if verb.dep_ != "pcomp" else verb.head.head
    return None


def _harmed_by_another(victim: Token) -> bool:
    """The victim is harmed by someone named apart: the object of the act ('killed his wife', 'shot two men and a
    woman'), a passive subject with its agent ('was shot by her husband'), or of an act noun ('the murder of')."""
    while victim.dep_ == "conj" and victim.head is not victim:
        victim = victim.head
    if victim.lower_ in REFLEXIVES:
        return False
    if victim.dep_ in {"dobj", "dative"}:
        return True
    if victim.dep_ == "nsubjpass":
        return any(c.dep_ == "agent" for c in victim.head.children)
    return victim.dep_ == "pobj" and victim.head.lower_ == "of"


def victims_of(anchor: Token) -> list[Token]:
    """The noun phrases a casualty word counts (``_victims``), for the module that totals the counts."""
    return _victims(anchor)


def _headline_passive(verb: Token) -> bool:
    """'Teen killed in shooting at bar', 'Police: Youth wounded, 2 hurt': a headline drops the auxiliary, and the
    tagger then reads a past tense whose subject did the harm. A harm verb whose subject opens the headline (or
    its part after a colon), with no object, auxiliary or clause of its own, says who was harmed."""
    children = list(verb.children)
    subject = next((c for c in children if c.dep_ == "nsubj"), None)
    return (
        verb.tag_ == "VBD"
        and verb.dep_ == "ROOT"
        and subject is not None
        and opens_headline(subject.left_edge)
        and not any(c.dep_ in {"aux", "dobj", "dative", "ccomp", "xcomp", "neg"} for c in children)
    )


def _victims(anchor: Token) -> list[Token]:
    """The noun phrases a casualty word counts, by the syntax around it."""
    children = list(anchor.children)
    lemma = anchor.lemma_.lower()
    if lemma == "toll":  # "the death toll rose to 30", "a death toll of 12", "the death toll is 7"
        return _toll_numbers(anchor)
    if (lemma in ACT_NOUNS or _fatal_act(anchor)) and anchor.pos_ == "NOUN":  # "the murder of two policemen"
        return _act_victims(anchor)
    if lemma == "turn":  # "before turning the gun on himself"
        return [victim] if (victim := _self_turned_on(anchor)) is not None else []
    if lemma in LIFE_TAKING_VERBS and (taken := _lives_taken(anchor)):  # "claimed the lives of three officers"
        return taken  # (not 'taken to a hospital': read below)
    if lemma == "lose":  # "18 soldiers lost their lives"
        return _with_conjuncts(_antecedents([c for c in children if c.dep_ == "nsubj"]))
    if lemma == "condition":  # "the officer was in critical condition", "two remain in serious condition"
        verb = anchor.head.head if anchor.dep_ == "pobj" else anchor.head
        # (not "another is in critical condition": the state of one of those shot, no count of the wounded)
        return [v for v in _with_conjuncts(_antecedents([c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]))
                if v.lower_ != "another"]
    if anchor.pos_ == "NOUN" and (sufferer := _sufferer(anchor)) is not None:
        # "a man suffered a gunshot wound", "two officers sustained minor injuries": who suffered them
        return _with_conjuncts(_antecedents([sufferer]))
    if anchor.pos_ == "NOUN":  # "44 deaths", "the deaths of 12 people", "no injuries", "the body of a man"
        of = [g for c in children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        return _with_conjuncts(of) if of else _possessor_of_act(anchor) or [anchor]
    passive = [c for c in children if c.dep_ == "nsubjpass"]
    if passive:
        return _with_conjuncts(_antecedents(passive))
    if lemma in {"die", "perish"} or anchor.pos_ == "ADJ" or anchor.dep_ in {"acomp", "oprd", "amod"}:
        victims = _adjective_victims(anchor) or _preceding_subject(anchor)
        return [v for v in _with_conjuncts(victims)
                if (v in victims or _shares_the_state(v, anchor, victims)) and not _told_otherwise(v, anchor)]
    if anchor.tag_ == "VBN" and anchor.dep_ in {"advcl", "xcomp", "ccomp"} and anchor.head.lemma_ == "leave":
        # "the attack left 20 people seriously injured", parsed as a clause of its own
        return _with_conjuncts([c for c in anchor.head.children if c.dep_ == "dobj"])
    if anchor.tag_ == "VBN" and anchor.dep_ in {"xcomp", "oprd"} and anchor.head.lemma_ == "find":
        # "three people were found shot to death", "officers found two men shot"
        return _with_conjuncts(_antecedents([c for c in anchor.head.children if c.dep_ in {"nsubjpass", "dobj"}]))
    # "44 people killed in the attack"; also a participle the tagger took for a past tense ("found two men and a
    # woman shot to death")
    if anchor.dep_ == "acl" and anchor.tag_ in {"VBN", "VBD"}:
        return _with_conjuncts(_left_before(anchor) or [anchor.head])
    objects = [c for c in children if c.dep_ in {"dobj", "dative"}]
    if objects:
        return _with_conjuncts(objects)
    elided = anchor.tag_ == "VBN" and not any(c.dep_ == "aux" for c in children)
    # 'left one man dead and three others wounded': the tagger may read the participle of a conjunct as a past
    # tense; its own subject is what it counts, not the first verb's object
    elided = elided or (anchor.dep_ == "conj" and anchor.tag_ == "VBD" and not any(c.dep_ == "aux" for c in children))
    elided = elided or _headline_passive(anchor)
    if elided and any(c.dep_ == "nsubj" for c in children):
        # headline style without the auxiliary: "1 killed, three injured", "Two soldiers killed"
        return _with_conjuncts([c for c in children if c.dep_ == "nsubj"])
    if anchor.dep_ == "conj" and anchor.head.pos_ == "VERB":  # "a teenager was shot and killed"
        shared = [c for c in anchor.head.children if c.dep_ in {"nsubjpass", "dobj"}]
        # a passive of its own whose subject the parser hung elsewhere ('Police are investigating after four adults
        # and a 3-year-old were shot'): read below, from the words before it
        if shared or not any(c.dep_ == "auxpass" for c in children):
            return _with_conjuncts(_antecedents(shared))
    if anchor.dep_ in {"pcomp", "advcl"} and any(c.dep_ == "auxpass" and c.lower_ in {"being", "getting"}
                                                 for c in children):
        # "a girl is recovering after being shot", "died Sunday after being stabbed": no subject of its own,
        # the subject of the clause it hangs on was hit
        clause = anchor.head.head if anchor.dep_ == "pcomp" else anchor.head
        subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return _with_conjuncts(_antecedents(subjects))
    if anchor.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in children):
        return _with_conjuncts(_preceding_subject(anchor))
    return []


def _left_before(anchor: Token) -> list[Token]:
    """'a shooting on Elm Street on Sunday that left two men wounded': the parser may hang the participle on the
    shooting rather than on 'left'; the object of 'left' it follows is whom it counts. Not when another casualty
    word comes between ('left one man dead and two others wounded' is read by the words' own parse)."""
    if anchor.i == anchor.sent.start:
        return []
    victim = anchor.doc[anchor.i - 1]
    while victim.dep_ == "conj" and victim.head.i < victim.i:
        victim = victim.head
    verb = victim.head
    if victim.dep_ != "dobj" or verb.lemma_ != "leave" or not anchor.head.i < verb.i < victim.i:
        return []  # (hung on the victim itself, 'left three women and one man injured', it is read as it is)
    if any(_casualty_kind(t) is not None for t in anchor.doc[verb.i + 1:anchor.i]):
        return []
    return [victim]


def _sufferer(noun: Token) -> Token | None:
    """The subject of 'suffered', 'sustained' or 'received' whose object is the wound or injury ('a man suffered a
    gunshot wound', 'the victim sustained injuries that later proved fatal'), or who is 'with' it (``_bearer``: 'the
    shooting left eight people with wounds', 'a man with gunshot wounds was found'), if any."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "with":
        # a wound or an injury someone is with; not a death ('charged in connection with the shooting death of his
        # daughter', 'with these two deaths the city has reached 109 homicides')
        bearer = _bearer(verb.head) if noun.lemma_.lower() in WOUND_NOUNS else None
        return bearer if bearer is not None and _casualty_kind(bearer) is None and count_of(bearer) else None
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in SUFFERING_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _bearer(holder: Token) -> Token | None:
    """Who has the wound that 'with' hangs on ``holder`` for: the person it hangs on ('a man with gunshot wounds was
    found', 'left one man dead and two others with gunshot wounds'); else, through a place ('showed up at a hospital
    with a gunshot wound') or from a verb, its person object ('the shooting left eight people with wounds', 'found
    him with a gunshot wound'), else its subject ('he arrived with a gunshot wound', 'was taken to the hospital with
    ...', 'entered the hospital with ...'); from a state ('found him dead with a gunshot wound'), who is in it."""
    if holder.pos_ in {"NOUN", "PROPN", "PRON"} and not _a_place(holder):
        return holder
    if _a_place(holder) and holder.dep_ == "pobj" and holder.head.dep_ == "prep":
        holder = holder.head.head
    if holder.pos_ not in {"VERB", "AUX", "ADJ"}:
        return None
    objects = [c for c in holder.children if c.dep_ == "dobj" and not _a_place(c)]
    subjects = [c for c in holder.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return next(iter(objects or subjects), None)


def _a_place(token: Token) -> bool:
    """'the hospital', 'the home', 'Baystate Medical Center': where a wounded person is, not who."""
    return token.lemma_.lower() in PLACE_NOUNS or token.ent_type_ in {"FAC", "ORG", "GPE", "LOC"}


def _suffered_hit(noun: Token) -> bool:
    """'suffered a gunshot wound', 'sustained injuries' tell a hit, as 'was shot' does: the dead may be among them
    ('The 7-year-old suffered a gunshot wound to the chest and was dead when he arrived'). Not 'minor' or
    'non-life-threatening' injuries: those who suffered them lived."""
    if _sufferer(noun) is None:
        return False
    qualifiers = [c for c in noun.subtree if c.i < noun.i and c.dep_ in {"amod", "compound", "advmod"}]
    return not any(c.lower_.startswith("non") or c.lower_ in SURVIVED_WORDS for c in qualifiers)


def _proved_fatal(noun: Token) -> bool:
    """'injuries that later proved fatal': a relative clause that calls the wound fatal."""
    return any(c.dep_ == "relcl" and any(g.dep_ in {"oprd", "acomp", "attr"} and g.lower_ in FATAL_WORDS
                                         for g in c.children) for c in noun.children)


def _possessor_of_act(noun: Token) -> list[Token]:
    """'a south Arkansas man's shooting death': the parser reads 'shooting' as a verb whose object is the death,
    the man's possessive its subject (or the noun it hangs on); the possessor is who died."""
    act = noun.head
    if noun.dep_ != "dobj" or act.tag_ != "VBG":
        return []
    owners = [act.head] if act.dep_ == "acl" else [c for c in act.children if c.dep_ == "nsubj"]
    return [o for o in owners if o.i < act.i and any(c.dep_ == "case" for c in o.children)]


def _toll_numbers(toll: Token) -> list[Token]:
    numbers = [g for c in toll.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    head = toll.head
    if toll.dep_ in {"nsubj", "nsubjpass"}:
        for child in head.children:
            if child.dep_ in {"dobj", "attr"}:
                numbers.append(child)
            elif child.dep_ == "prep" and child.lower_ in {"to", "at"}:
                numbers.extend(g for g in child.children if g.dep_ == "pobj")
    return [n for n in numbers if is_number(n)]


def _adjective_victims(anchor: Token) -> list[Token]:
    """'two people died', 'leaving three dead', 'three people were dead', '5 dead'."""
    subjects = [c for c in anchor.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if subjects:
        return _antecedents(subjects)
    if anchor.dep_ == "amod":
        return [anchor.head]
    numbers = [c for c in anchor.children if c.dep_ == "nummod" or c.like_num]
    if numbers:
        return numbers
    head = anchor.head
    if anchor.dep_ in {"acomp", "oprd", "ccomp", "xcomp", "advcl", "conj"} and head.i != anchor.i:
        # "a shooting left one man dead": the object is the dead, the subject the cause; of "left one man dead and
        # six others with gunshot wounds" only the object before the adjective
        objects = [c for c in head.children if c.dep_ == "dobj"]
        objects = [c for c in objects if c.i < anchor.i] or objects
        subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        shares_subject = head.dep_ == "conj" and (head.tag_ == "VBN" or head.lemma_ == "be") and (
            _right_after_conjunction(head))
        if not objects and not subjects and shares_subject:
            # 'a man was found in critical condition and was pronounced dead', '... and was dead when he
            # arrived': the second verb shares the first one's subject
            subjects = [c for c in head.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return _antecedents(objects or subjects)
    return []


def _shares_the_state(conjunct: Token, anchor: Token, victims: Sequence[Token]) -> bool:
    """A phrase coordinated with the victims is in the state the casualty word tells ('a man and a woman dead'),
    unless it follows a word that told it after the victims ('left one dead and 14 injured', 'one dead and two
    others in critical condition') or has its own ('the four dead women and the unharmed child')."""
    if min(v.i for v in victims) < anchor.i < conjunct.i:
        return False
    return not any(c.dep_ == "amod" and c.lemma_.lower() in OTHER_STATES for c in conjunct.children)


def _told_otherwise(victim: Token, anchor: Token) -> bool:
    """The phrase has a casualty word of another kind of its own: in 'left one dead and 14 injured' the one is
    not among the injured."""
    kind = _casualty_kind(anchor)
    return any(c.dep_ == "amod" and c.i != anchor.i and _casualty_kind(c) not in {None, kind} for c in victim.children)


# Words that open a clause and that the parser may read as a preposition, its subject as their object.
CLAUSE_OPENERS = frozenset({"after", "before", "until", "since"})


def _preceding_subject(anchor: Token) -> list[Token]:
    """A subject the parser attached elsewhere: 'in Salamanca, a man and a woman were shot dead'
    (the pair parsed as an apposition of the town). The noun right before the verb group, if any."""
    verb = anchor.head if anchor.dep_ in {"oprd", "acomp"} else anchor
    i = verb.i - 1
    sent_start = verb.sent.start
    while i >= sent_start and verb.doc[i].dep_ in {"aux", "auxpass", "neg", "advmod", "punct"}:
        i -= 1
    if i < sent_start:
        return []
    token = verb.doc[i]
    if token.pos_ not in {"NOUN", "PROPN", "PRON"} and token.lower_ != "old":  # 'a 3-year-old were shot'
        return []
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    # (a conjunction read as a preposition: 'after four adults and a 3-year-old were shot')
    if token.dep_ in {"dobj", "compound", "poss"} or (token.dep_ == "pobj" and token.head.lower_ not in CLAUSE_OPENERS):
        return []
    return [token]


def _another_of_the_kind(token: Token) -> bool:
    """'an attack killed 38 people and one on a bus left 12 dead': a bare 'one' placed somewhere ('on a bus',
    'in Tunis') is another attack, not one more victim; 'one of the attackers' is a victim."""
    return token.lower_ == "one" and any(c.dep_ == "prep" and c.lower_ not in {"of", "among"}
                                         for c in token.children)


def _counts_itself(token: Token) -> bool:
    """'1 injured' in '2 fatalities and 1 injured' carries its own casualty word."""
    return _casualty_kind(token) is not None or any(_casualty_kind(c) is not None for c in token.children)


def _along_with(token: Token) -> list[Token]:
    """'two others along with an Afghan were wounded', 'the envoy, together with 20 others': more victims.
    'killed Ms. Younes along with the envoy, Sergio Vieira de Mello, and 20 others': the phrase hangs on the
    verb of its victim, and the envoy's name is an apposition whose conjuncts ('20 others') are victims too."""
    holders = [token]
    if token.dep_ == "dobj" and token.head.i != token.i:
        # only the object of an act: 'was found dead along with two wounded victims' does not make them dead
        holders.append(token.head)
    victims = []
    for holder in holders:
        for c in holder.children:
            if c.dep_ != "prep" or c.lower_ not in {"along", "together"}:
                continue
            for w in c.children:
                if w.dep_ != "prep" or w.lower_ != "with":
                    continue
                for g in w.children:
                    if g.dep_ == "pobj" and g.pos_ in VICTIM_POS:
                        victims += [g, *_appositive_conjuncts(g)]
    return victims


def _appositive_conjuncts(token: Token) -> list[Token]:
    """'the envoy Sergio Vieira de Mello and 20 others': the parser coordinates the others with the
    apposition (the envoy's name), which names the same victim; its conjuncts are more victims."""
    return [
        c
        for a in (token, *(a for a in token.children if a.dep_ == "appos"))
        for c in a.conjuncts
        if c.pos_ in VICTIM_POS and not _counts_itself(c)
    ]


def _antecedents(tokens: Iterable[Token]) -> list[Token]:
    """'the victims, who were killed' counts the victims. A description right after a name, of the same role, with
    no comma or 'and' between, is that name again (an apposition the parser read as a second subject: 'Megan Roe a
    24 year old graduate student has died' is one death)."""
    resolved = []
    tokens = list(tokens)
    tokens = [t for t in tokens if not any(_apposed_to(t, other) for other in tokens)]
    for token in tokens:
        if token.lower_ in {"who", "that", "which"} and token.head.dep_ == "relcl":
            resolved.append(token.head.head)
        else:
            resolved.append(token)
    return resolved


def _apposed_to(token: Token, other: Token) -> bool:
    """``token``'s phrase describes the name ``other`` right before it, both the same role of one word ('Megan Roe'
    and 'a 24 year old student', both subjects of 'died'); not a phrase after a comma ('in Alagoinha, Pernambuco,
    a man was killed': the state is no victim, the man is)."""
    return (token.i != other.i and token.head.i == other.head.i and token.dep_ == other.dep_
            and other.pos_ == "PROPN" and other.right_edge.pos_ != "PUNCT"
            and token.left_edge.i == other.right_edge.i + 1 and token.left_edge.lower_ in {"a", "an"})


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    """Each victim phrase and those coordinated with it ('three soldiers and a civilian'); a coordinated
    casualty word ('2 fatalities and 1 injured') is a separate count, not more victims."""
    result: list[Token] = []
    for token in tokens:
        conjuncts = [c for c in token.conjuncts
                     if c.pos_ in VICTIM_POS and not _counts_itself(c) and not _another_of_the_kind(c)]
        conjuncts += [extra for item in (token, *conjuncts) for extra in _along_with(item)]
        # "2 fatalities and 1 injured": the fatalities are not among the injured, the 1 is
        own = [] if _casualty_kind(token) is not None else [token]
        for item in (*own, *conjuncts):
            if all(item.i != seen.i for seen in result):
                result.append(item)
    return result
