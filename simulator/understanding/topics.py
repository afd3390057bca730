"""Reading what a turn is *about*: the topic beside the techniques.

A technique says how the officer speaks; a topic says what about ("what's your
name?" is an open question about ``name``). Each scenario declares its person's
topics with phrasings (how a trainee asks or raises it) and words (names and
things that on their own point to it: her sister's name, "knife"). The reader
compares a turn with both, the same way for typed text and recogniser output
(both go through ``normalize``), and with the scenario's own words as context.

It is deliberately a small, inspectable nearest-neighbour reader rather than a
trained model: topics differ per scenario and authors add them in YAML, so the
reader must work from a few phrasings each, at load time, with no training
step, and say *why* it chose a topic (the evidence) so a trainee or author can
see what was heard.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from simulator.understanding.normalize import is_question, normalize

THRESHOLD = 0.34  # below this a turn is about nothing in particular: the person reacts to techniques only
WORD_SCORE = 0.42  # a declared word or name on its own
PHRASE_SCORE = 0.5  # a declared phrase of two or more words
FRAMED = 0.5  # where a common topic's words only frame a question about something else, its likeness counts this much
OWN_BONUS = 0.04  # the scenario's own word beats the shared default
LATER_BONUS = 0.06  # the person answers the last thing asked: a later sentence of the turn weighs a little more
WITHIN_BONUS = 0.06  # inside one sentence the thing asked about comes early ("did you hurt yourself climbing the railing")
QUESTION_BONUS = 0.06  # a sentence that asks weighs more than one that tells
SUBJECT_DAMPING = 0.7  # a name of the scenario's own as the subject of a question: every other topic weighs this much less
EXTRA_WORD = 0.08  # each further declared word of the same topic in the sentence (at most two count)
TOLD_DAMPING = 0.7  # in a turn that asks, a sentence that only tells ("I'm not going to touch you.") weighs this much
SUBORDINATE = 0.06  # a declared word inside an "if"/"when"/"because" clause sets the scene, the main clause asks
# A leading "when you come down off this, do you think about killing yourself?": the opening clause only sets the scene
# for the question after it, which is what is asked (the crash must not take the suicide question's topic).
LEADING_CLAUSE = 0.3
_LEADERS = frozenset("when if after once before whenever while since".split())

_STOP = frozenset(
    "a an the and or but so to of in on at for with from by it its it's this that these those is are was were be been being am "
    "i i'm me my mine we us our you you're your yours he him his she her they them their there here just really very "
    "okay alright well um uh hey now then right yeah yes no not do does did can could would will should may might "
    "have has had get got going go if about up out any some anything something all".split()
)
# Irregular forms brought to one word, so "slept" meets "sleep" and "lose somebody" meets "lost someone" (for the
# declared words and the phrasings alike).
_IRREGULAR = {
    "slept": "sleep", "asleep": "sleep", "ate": "eat", "eaten": "eat", "drank": "drink", "took": "take", "taken": "take",
    "bled": "bleed", "felt": "feel", "went": "go", "gone": "go", "lost": "lose", "sold": "sell", "bought": "buy",
    "told": "tell", "said": "say", "thought": "think", "got": "get", "gotten": "get", "kept": "keep", "fell": "fall",
    "fallen": "fall", "caught": "catch", "brought": "bring", "ran": "run", "saw": "see", "seen": "see", "spoke": "speak",
    "spoken": "speak", "meds": "medication", "medicine": "medication", "medications": "medication", "tablets": "pill",
    "pills": "pill", "kids": "child", "children": "child", "kid": "child", "mum": "mom", "mommy": "mom", "momma": "mom",
    "somebody": "someone", "anybody": "anyone", "everybody": "everyone", "counsellor": "counselor", "neighbour": "neighbor",
    "colour": "color", "centre": "center", "favourite": "favorite", "ok": "okay", "cops": "cop",
}
# Everyday synonyms, for the likeness to phrasings only: "booze" is like "alcohol", "headed" like "going" (as declared
# words they would be too broad: "go by" is not "heading somewhere").
_SYNONYM = {
    "drunk": "alcohol", "booze": "alcohol", "liquor": "alcohol", "beer": "alcohol", "beers": "alcohol", "drinks": "alcohol",
    "hungry": "eat", "starving": "eat", "thirsty": "water", "mom": "mother", "mother": "mother", "dad": "father", "daddy": "father",
    "folks": "parent", "chilly": "cold", "freezing": "cold", "boiling": "hot", "roasting": "hot", "injured": "hurt",
    "injury": "hurt", "headed": "go", "heading": "go", "residence": "live", "reside": "live", "police": "cop",
}


@lru_cache(maxsize=65_536)  # every topic's every pattern asks again for the sentence's words and joined pairs
def _stem(word: str) -> str:
    """One form for a word and its inflections ("hurting", "hurts" -> "hurt"; "houses", "house" -> "hous")."""
    w = (word[:-2] if word.endswith("'s") else word).replace("'", "")  # "mum's" is "mum", then "mom"
    return _suffix_stem(_IRREGULAR.get(w, w))


@lru_cache(maxsize=65_536)
def _feature_stem(word: str) -> str:
    w = word.replace("'", "")
    return _SYNONYM.get(_IRREGULAR.get(w, w)) or _stem(word)


def _suffix_stem(word: str) -> str:
    """A light stemmer: both sides of a comparison go through it, so it need only be consistent, not linguistic."""
    w = word.replace("'", "")
    n = len(w)
    if n > 4 and w.endswith(("ies", "ied")):
        return w[:-3] + "y"
    stripped = False
    if n > 5 and w.endswith("ing"):
        w, stripped = w[:-3], True
    elif n > 3 and w.endswith("ed") and not w.endswith("eed"):
        w, stripped = w[:-2], True
    elif n > 4 and w.endswith(("sses", "shes", "ches", "xes", "zes")):
        w = w[:-2]
    elif n > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif n > 4 and w.endswith("ly"):
        w = w[:-2]
    if stripped and len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":  # "sitting" -> "sitt" -> "sit"
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):  # "house"/"houses", "hope"/"hoping" meet at "hous", "hop"
        w = w[:-1]
    return w


# Contractions written out, and the recogniser's and texters' short forms, so "what is your name", "whats ur name" and
# "what's your name" are one sentence to the reader (normalize already brings "whats" to "what's"). Both the declared
# words and phrasings and the turn go through it. A name's "'s" ("karen's") is a possessive and stays.
_FULL = {
    "what's": "what is", "where's": "where is", "who's": "who is", "how's": "how is", "when's": "when is", "why's": "why is",
    "that's": "that is", "there's": "there is", "here's": "here is", "it's": "it is", "he's": "he is", "she's": "she is",
    "what're": "what are", "where're": "where are", "who're": "who are", "how're": "how are", "you're": "you are",
    "we're": "we are", "they're": "they are", "i'm": "i am", "i've": "i have", "you've": "you have", "we've": "we have",
    "i'll": "i will", "you'll": "you will", "we'll": "we will", "i'd": "i would", "you'd": "you would", "we'd": "we would",
    "don't": "do not", "doesn't": "does not", "didn't": "did not", "can't": "can not", "cannot": "can not", "won't": "will not",
    "isn't": "is not", "aren't": "are not", "wasn't": "was not", "weren't": "were not", "haven't": "have not",
    "hasn't": "has not", "wouldn't": "would not", "couldn't": "could not", "shouldn't": "should not", "let's": "let us",
    "ur": "your", "yer": "your", "u": "you", "ya": "you", "youre": "you are", "whered": "where did", "where'd": "where did",
    "how'd": "how did", "what'd": "what did", "who'd": "who would", "y'all": "you", "r": "are", "gonna": "going to", "wanna": "want to",
    "gotta": "got to", "hafta": "have to", "lemme": "let me", "gimme": "give me", "kinda": "kind of", "sorta": "sort of",
}
_FULL_RX = re.compile(r"(?<![a-z0-9'])(" + "|".join(re.escape(k) for k in sorted(_FULL, key=len, reverse=True)) + r")(?![a-z0-9'])")


@lru_cache(maxsize=8192)
def _canon(norm: str) -> str:
    """``norm`` (normalised text) with its contractions and short forms written out (see ``_FULL``)."""
    return _FULL_RX.sub(lambda m: _FULL[m.group(1)], norm)


def _norm(text: str) -> str:
    return _canon(normalize(text))


# Short words a recogniser drops or a speaker leaves out ("where you going", "you been drinking"): a declared phrase of
# three words or more still matches with one of these missing.
_DROPPABLE = frozenset("are is do did have has were was been the a".split())


_LETTER_RUN = re.compile(r"\b(?:[a-z] ){1,4}[a-z]\b")


def _join_letters(norm: str) -> str:
    """A recogniser spells an acronym as letters ("the v a", "my p o"): join them back ("va", "po")."""
    def join(m: re.Match[str]) -> str:
        letters = m.group(0).split()
        return m.group(0) if set(letters) <= {"a", "i"} else "".join(letters)
    return _LETTER_RUN.sub(join, norm)


def _words(norm: str) -> list[str]:
    return [w for w in _join_letters(norm).split() if w != "?"]


def _features(norm: str) -> Counter[str]:
    words = _words(norm)
    feats: Counter[str] = Counter(_feature_stem(w) for w in words if w not in _STOP)
    feats.update(f"{a}_{b}" for a, b in pairwise(words))
    return feats


def _match(pattern: tuple[str, ...], words: list[str], stems: list[str], drop: bool = False) -> tuple[int, int] | None:
    """Where ``pattern`` (stems) occurs in the sentence, as (first word, last word + 1); a pattern word also matches two
    words the recogniser split ("head phones" for "headphones"). With ``drop``, one short word of a pattern of three
    words or more (``_DROPPABLE``, not its first or last) may be missing from the sentence."""
    n = len(words)
    skips = 1 if drop and len(pattern) >= 3 else 0
    for start in range(n):
        i, ok, left = start, True, skips
        for k, p in enumerate(pattern):
            if i < n and (stems[i] == p or (p == "your" and stems[i] == "you")):  # the recogniser's "you" for "your"
                i += 1
            elif i + 1 < n and _stem(words[i] + words[i + 1]) == p:
                i += 2
            elif left and 0 < k < len(pattern) - 1 and p in _DROPPABLE:
                left -= 1
            else:
                ok = False
                break
        if ok:
            return start, i
    return None


@dataclass(frozen=True)
class TopicSpec:
    """What the reader needs of a topic: its id, phrasings and pointing words."""

    id: str
    phrasings: tuple[str, ...]
    words: tuple[str, ...] = ()
    common: bool = False
    unless: tuple[str, ...] = ()  # patterns (regular expressions on normalised text) in which the words only frame another topic
    shared: tuple[str, ...] = ()  # the phrasings and words that came from the shared defaults: they give way to the scenario's own
    names: tuple[str, ...] = ()  # declared words that are names in this scenario (Linda, Kaylee, the VA): as strong as a phrase


@dataclass(frozen=True)
class TopicHit:
    """The topic a turn is about, how sure the reader is, and what gave it away."""

    id: str
    confidence: float
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "confidence": round(self.confidence, 3), "evidence": self.evidence}


@dataclass
class _Word:
    """A declared word or phrase, as stems, with how much it weighs on its own."""

    stems: tuple[str, ...]
    shown: str
    weight: float
    name: bool = False


@dataclass
class _Compiled:
    spec: TopicSpec
    vectors: list[tuple[dict[str, float], str]]
    centroid: dict[str, float]
    words: list[_Word]
    unless: list[re.Pattern[str]]


@dataclass
class _WordHit:
    word: _Word
    span: tuple[int, int]
    extra: int  # further declared words of the same topic in the sentence


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


_AUXILIARIES = frozenset(
    "is was does did has have will would can could should are were where's who's how's what's when's whos wheres hows whats "
    "where who how what when".split()
)
_LEADING = frozenset("so and okay alright now well hey but then".split())


_WH = frozenset("where who how what when".split())
_SUBORDINATORS = frozenset("if when once because unless until while before after".split())
_SO_THAT = frozenset("you that we i it".split())  # "so you don't have to talk": a purpose clause, not "so, what happened"


def _is_subject(words: list[str], at: int) -> bool:
    """Is the word at ``at`` the subject of a question ("does Linda know", "where is Karen", "is Dutch okay")?"""
    i = 0
    while i < at and words[i] in _LEADING:
        i += 1
    if at == i + 2 and words[i] in _WH and words[i + 1] in _AUXILIARIES:  # "where is karen", "how is dutch"
        return True
    return at == i + 1 and words[i] in _AUXILIARIES


def _matchable(words: list[str], stems: list[str]) -> set[str]:
    """Every pattern stem ``_match`` could find in this sentence (with ``drop``, a ``_DROPPABLE`` stem may also be
    missing): a pattern with another stem cannot match, so it is tried only where it can (building a reader was ~0.8 s
    of interpreter-holding Python per scenario, most of it failed matches)."""
    present = set(stems)
    present.update(_stem(a + b) for a, b in pairwise(words))
    if "you" in present:
        present.add("your")
    return present


def _swallowed(shared: tuple[str, ...], own: list[tuple[str, ...]]) -> bool:
    """Is an own word as long as this shared word, or longer, found in it (the shared word then gives way)?"""
    words = list(shared)
    present = _matchable(words, words)
    return any(len(o) >= len(shared) and present.issuperset(o) and _match(o, words, words) is not None for o in own)


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


def _yield_to_own(specs: list[TopicSpec]) -> list[TopicSpec]:
    """Where the scenario declares a word for one of its own topics (the meth scenario's "shade", the dementia scenario's
    "daughter"), the shared defaults' words and phrasings with that word give way: in this scenario a question about the
    shade is about his shade, not about the weather."""
    own = [tuple(_stem(x) for x in _words(_norm(w))) for spec in specs if not spec.common for w in spec.words]
    own = [o for o in own if o]
    if not own:
        return specs

    def spans(patterns: Iterable[tuple[str, ...]], text: str) -> list[tuple[int, int]]:
        ws = _words(_norm(text))
        stems = [_stem(w) for w in ws]
        present = _matchable(ws, stems)
        return [span for o in patterns if present.issuperset(o) and (span := _match(o, ws, stems)) is not None]

    def claimed(text: str, kept: list[tuple[str, ...]]) -> bool:
        """Does an own word claim ``text``: it is in it, and not inside a longer shared word that stays (the veteran's
        flashlight "holding" does not take "how are you holding up" from how_are_you)?"""
        longer = spans(kept, text)
        return any(not any(_inside(o, k) for k in longer) for o in spans(own, text))

    out = []
    for spec in specs:
        if spec.common and spec.shared:
            kept = [st for w in spec.words if (st := tuple(_stem(x) for x in _words(_norm(w)))) and not _swallowed(st, own)]
            gone = {t for t in spec.shared if claimed(t, kept)}
            if gone:
                spec = replace(spec, phrasings=tuple(p for p in spec.phrasings if p not in gone),
                               words=tuple(w for w in spec.words if w not in gone))
        out.append(spec)
    return out


class TopicReader:
    """Reads turns against one scenario's topics (built once per scenario, then reused)."""

    def __init__(self, topics: Iterable[TopicSpec], threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        specs = _yield_to_own(list(topics))
        docs = [(spec, _features(_norm(p))) for spec in specs for p in spec.phrasings]
        df: Counter[str] = Counter()
        for _, feats in docs:
            df.update(set(feats))
        n = max(1, len(docs))
        self._idf = {f: math.log(1 + n / c) for f, c in df.items()}
        self._default_idf = math.log(1 + n)
        self._topics: list[_Compiled] = []
        for spec in specs:
            vectors = [(self._vector(_features(_norm(p))), p) for p in spec.phrasings]
            centroid: dict[str, float] = {}
            for vec, _ in vectors:
                for k, v in vec.items():
                    centroid[k] = centroid.get(k, 0.0) + v
            norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
            words = []
            names = {_norm(n) for n in spec.names}
            for w in spec.words:
                ws = _words(_norm(w))
                if ws:  # matched by stems, so "hurt" meets "hurting" and "lost someone" meets "lose somebody"
                    weight = PHRASE_SCORE if len(ws) > 1 or _norm(w) in names else WORD_SCORE
                    words.append(_Word(tuple(_stem(x) for x in ws), w, weight, _norm(w) in names))
            # the patterns are written with contractions ("what's happening"); the turn they are matched on has them
            # written out, so the patterns are too
            unless = [re.compile(rf"(?<![a-z0-9']){_canon(u)}") for u in spec.unless]
            self._topics.append(_Compiled(spec, vectors, {k: v / norm for k, v in centroid.items()}, words, unless))

    def _vector(self, feats: Counter[str]) -> dict[str, float]:
        vec = {f: (1 + math.log(c)) * self._idf.get(f, self._default_idf) for f, c in feats.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {f: v / norm for f, v in vec.items()}

    @property
    def topic_ids(self) -> list[str]:
        return [t.spec.id for t in self._topics]

    def _word_hits(self, snorm: str, words: list[str]) -> dict[str, _WordHit]:
        """Each topic's strongest declared word in the sentence. A word inside a longer one another topic declared
        ("live" inside "who do you live with", the flashlight's "holding" inside "how are you holding up") is that
        topic's, not its own, whichever word of the other topic is strongest."""
        stems = [_stem(w) for w in words]
        present = _matchable(words, stems)  # a pattern word must be one of these to match
        found: dict[str, list[tuple[_Word, tuple[int, int]]]] = {}
        for t in self._topics:
            mine = [(w, span) for w in t.words
                    if all(p in present or p in _DROPPABLE for p in w.stems)
                    and (span := _match(w.stems, words, stems, drop=True)) is not None]
            if mine:
                found[t.spec.id] = mine
        spans = [(tid, span) for tid, mine in found.items() for _, span in mine]
        hits: dict[str, _WordHit] = {}
        for tid, mine in found.items():
            kept = [(w, span) for w, span in mine if not any(o != tid and _inside(span, other) for o, other in spans)]
            if kept:
                word, span = max(kept, key=lambda f: (f[0].weight, f[1][1] - f[1][0], -f[1][0]))
                hits[tid] = _WordHit(word, span, len(kept) - 1)
        return hits

    def scores(self, text: str) -> list[TopicHit]:
        """Every topic with its score for ``text``, best first (scores are 0–1)."""
        norm = _norm(text)
        if not norm:
            return []
        sentences = _sentences(text)
        asking = [is_question(raw, snorm) for raw, snorm in sentences]
        best: dict[str, TopicHit] = {}
        ranked: dict[str, float] = {}  # ranked before the cap at 1, so the later of two sure sentences still wins
        for index, (_raw, snorm) in enumerate(sentences):
            position = (index + 1) / len(sentences)
            asks = asking[index]
            vec = self._vector(_features(snorm))
            words = _words(snorm)
            word_hits = self._word_hits(snorm, words)
            clause = next((i for i, w in enumerate(words) if i >= 2 and (w in _SUBORDINATORS or (
                w == "so" and i + 1 < len(words) and words[i + 1] in _SO_THAT))), len(words))
            lead = _leading_clause_end(words)
            subject = next((tid for tid, h in word_hits.items() if h.word.name and _is_subject(words, h.span[0])), None)
            for t in self._topics:
                nn, nn_text = max(((_cosine(vec, v), p) for v, p in t.vectors), default=(0.0, ""))
                score = 0.6 * nn + 0.3 * _cosine(vec, t.centroid)
                evidence = f"like '{nn_text}'" if nn > 0.3 else ""
                hit = word_hits.get(t.spec.id)
                if t.unless and any(h for tid, h in word_hits.items() if tid != t.spec.id) and any(rx.search(snorm) for rx in t.unless):
                    # "what's your wife's name" is like "what's your name", and "what's going on with the house" like
                    # "what's going on": they are about her and the house (when another topic's word is there to be
                    # about). The words only frame; the likeness counts half.
                    score *= FRAMED
                    hit = None
                if hit is not None:
                    place = hit.span[0] / max(1, len(words))
                    score = max(score, 0.5 * score + hit.word.weight) + WITHIN_BONUS * (1 - place) + EXTRA_WORD * min(2, hit.extra)
                    score -= SUBORDINATE * (hit.span[0] > clause)  # "are you scared you'll be locked up if you come back over"
                    score -= LEADING_CLAUSE * (hit.span[1] <= lead)
                    evidence = f"'{hit.word.shown}'" + (f", {evidence}" if evidence else "")
                    if not t.spec.common:
                        score += OWN_BONUS  # the scenario's own word beats the shared default
                if subject is not None and t.spec.id != subject:
                    score *= SUBJECT_DAMPING  # "does Linda know where you are?" asks about Linda, not where he is
                score += LATER_BONUS * position * (score > 0.2) + QUESTION_BONUS * asks * (score > 0.2)
                if not asks and any(asking):
                    score *= TOLD_DAMPING
                if score > 0 and (t.spec.id not in best or score > ranked[t.spec.id]):
                    best[t.spec.id] = TopicHit(t.spec.id, min(1.0, score), evidence)
                    ranked[t.spec.id] = score
        return sorted(best.values(), key=lambda h: -ranked[h.id])

    def read(self, text: str) -> TopicHit | None:
        """The topic ``text`` is about, or None when it is about none of them."""
        hits = self.scores(text)
        if not hits or hits[0].confidence < self.threshold:
            return None
        return hits[0]


def _leading_clause_end(words: list[str]) -> int:
    """Where the question after an opening "when/if … " clause begins (0 when the sentence has no such clause)."""
    if not words or words[0] not in _LEADERS:
        return 0
    for i in range(2, len(words) - 1):
        if words[i] in _Q_AUX and words[i + 1] in _Q_SUBJECT and words[i - 1] not in _Q_AUX:
            return i
    return 0


_SPLIT = re.compile(r"(?<=[.?!])\s+")
_Q_WH = frozenset("what where how who when why which".split())
_Q_AUX = frozenset("are is do did does have has can could would will were was should".split())
_Q_SUBJECT = frozenset("you your there anyone anybody someone somebody".split())
_Q_HOW = frozenset("bad long much many old far often".split())
_Q_WHAT = frozenset("kind time day year color sort".split())
# A question word after one of these is inside the told part ("i want to know where you live", "that is how it goes").
_EMBEDS = frozenset(
    "know tell me ask asking wonder wondering see remember sure about show understand idea is was that exactly out hear "
    "explain matter care decide figure learn notice guess imagine mean of from to on for in at like and or but because if "
    "no not what where how who when why which".split()
)


def _asked_part(words: list[str]) -> int:
    """Where a question starts after something told in one breath ("i'm officer ruiz what's your name", "i know this is
    a lot are you hurt"): the index of its first word, or 0 when there is none (or the sentence asks from the start)."""
    if len(words) < 4 or is_question("", " ".join(words)):
        return 0
    for i in range(2, len(words) - 1):
        w, nxt, prev = words[i], words[i + 1], words[i - 1]
        if prev in _EMBEDS:
            continue
        if w in _Q_WH and (nxt in _Q_AUX or (w == "how" and nxt in _Q_HOW) or (w in {"what", "which"} and nxt in _Q_WHAT)):
            return i
        if w in _Q_AUX and nxt in _Q_SUBJECT and not (w == "is" and nxt == "you"):
            return i
    return 0


def _sentences(text: str) -> list[tuple[str, str]]:
    """Typed text splits at its sentence marks; recogniser text is one sentence. Either splits where a question starts
    after something told ("I'm Officer Ruiz, what's your name?"): the person answers the question."""
    parts = [p for p in _SPLIT.split(text.strip()) if normalize(p)] or [text]
    out: list[tuple[str, str]] = []
    for p in parts:
        snorm = _norm(p)
        words = snorm.split()
        at = _asked_part(words)
        if at:
            told, asked = " ".join(words[:at]), " ".join(words[at:])
            out += [(told.replace("?", ""), told.replace(" ?", "")), (asked + (" ?" if "?" in p and "?" not in asked else ""), asked)]
        else:
            out.append((p, snorm))
    return out


__all__ = ["THRESHOLD", "TopicHit", "TopicReader", "TopicSpec"]
