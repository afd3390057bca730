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
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from simulator.understanding.normalize import is_question, normalize

THRESHOLD = 0.34  # below this a turn is about nothing in particular: the person reacts to techniques only
WORD_SCORE = 0.42  # a declared word or name on its own
PHRASE_SCORE = 0.5  # a declared phrase of two or more words
LATER_BONUS = 0.06  # the person answers the last thing asked: evidence later in the turn weighs a little more
QUESTION_BONUS = 0.06
EXTRA_WORD = 0.08  # each further declared word of the same topic in the sentence (at most two count)  # a sentence that asks weighs more than one that tells

_STOP = frozenset(
    "a an the and or but so to of in on at for with from by it its it's this that these those is are was were be been being am "
    "i i'm me my mine we us our you you're your yours he him his she her they them their there here just really very "
    "okay alright well um uh hey now then right yeah yes no not do does did can could would will should may might "
    "have has had get got going go if about up out any some anything something all".split()
)
_SUFFIXES = ("ing", "ed", "es", "s", "ly")
# Irregular forms and everyday synonyms brought to one word, so "slept" meets "sleep" and "booze" meets "alcohol".
_LEMMA = {
    "slept": "sleep", "asleep": "sleep", "ate": "eat", "eaten": "eat", "drank": "drink", "drunk": "alcohol", "took": "take",
    "taken": "take", "bled": "bleed", "felt": "feel", "went": "go", "gone": "go", "booze": "alcohol", "liquor": "alcohol",
    "beer": "alcohol", "beers": "alcohol", "drinks": "alcohol", "meds": "medication", "medicine": "medication",
    "medications": "medication", "tablets": "pill", "pills": "pill", "hungry": "eat", "starving": "eat", "thirsty": "water",
    "kids": "child", "children": "child", "kid": "child", "mom": "mother", "mum": "mother", "dad": "father", "folks": "parent",
    "chilly": "cold", "freezing": "cold", "boiling": "hot", "roasting": "hot", "injured": "hurt", "injury": "hurt",
    "headed": "go", "heading": "go", "residence": "live", "reside": "live", "cops": "police", "cop": "police",
}


def _stem(word: str) -> str:
    if word in _LEMMA:
        return _LEMMA[word]
    return _suffix_stem(word)


def _suffix_stem(word: str) -> str:
    w = word.replace("'", "")
    for suffix in _SUFFIXES:
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2]:  # "sitting" -> "sitt" -> "sit"
        w = w[:-1]
    return w


_INFLECTION = r"(?:s|es|ed|d|ing|er|ers|y)?"


def _features(norm: str) -> Counter[str]:
    words = [w for w in norm.split() if w != "?"]
    feats: Counter[str] = Counter(_stem(w) for w in words if w not in _STOP)
    feats.update(f"{a}_{b}" for a, b in pairwise(words))
    return feats


@dataclass(frozen=True)
class TopicSpec:
    """What the reader needs of a topic: its id, phrasings and pointing words."""

    id: str
    phrasings: tuple[str, ...]
    words: tuple[str, ...] = ()
    common: bool = False


@dataclass(frozen=True)
class TopicHit:
    """The topic a turn is about, how sure the reader is, and what gave it away."""

    id: str
    confidence: float
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "confidence": round(self.confidence, 3), "evidence": self.evidence}


@dataclass
class _Compiled:
    spec: TopicSpec
    vectors: list[tuple[dict[str, float], str]]
    centroid: dict[str, float]
    words: list[tuple[re.Pattern[str], str, float]]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


class TopicReader:
    """Reads turns against one scenario's topics (built once per scenario, then reused)."""

    def __init__(self, topics: Iterable[TopicSpec], threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        specs = list(topics)
        docs = [(spec, _features(normalize(p))) for spec in specs for p in spec.phrasings]
        df: Counter[str] = Counter()
        for _, feats in docs:
            df.update(set(feats))
        n = max(1, len(docs))
        self._idf = {f: math.log(1 + n / c) for f, c in df.items()}
        self._default_idf = math.log(1 + n)
        self._topics: list[_Compiled] = []
        for spec in specs:
            vectors = [(self._vector(_features(normalize(p))), p) for p in spec.phrasings]
            centroid: dict[str, float] = {}
            for vec, _ in vectors:
                for k, v in vec.items():
                    centroid[k] = centroid.get(k, 0.0) + v
            norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
            words = []
            for w in spec.words:
                nw = normalize(w)
                if not nw:
                    continue
                # a single word also matches its inflections ("hurt" -> "hurting"), never other words sharing a prefix
                body = r"\s+".join(re.escape(_suffix_stem(x)) + _INFLECTION if len(x) > 3 and " " not in nw else re.escape(x) for x in nw.split())
                weight = PHRASE_SCORE if " " in nw else WORD_SCORE
                words.append((re.compile(rf"(?<![a-z0-9']){body}(?![a-z0-9'])"), w, weight))
            self._topics.append(_Compiled(spec, vectors, {k: v / norm for k, v in centroid.items()}, words))

    def _vector(self, feats: Counter[str]) -> dict[str, float]:
        vec = {f: (1 + math.log(c)) * self._idf.get(f, self._default_idf) for f, c in feats.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {f: v / norm for f, v in vec.items()}

    @property
    def topic_ids(self) -> list[str]:
        return [t.spec.id for t in self._topics]

    def scores(self, text: str) -> list[TopicHit]:
        """Every topic with its score for ``text``, best first (scores are 0–1)."""
        norm = normalize(text)
        if not norm:
            return []
        sentences = _sentences(text)
        best: dict[str, TopicHit] = {}
        for index, (raw, snorm) in enumerate(sentences):
            position = (index + 1) / len(sentences)
            asks = is_question(raw, snorm)
            vec = self._vector(_features(snorm))
            for t in self._topics:
                nn, nn_text = max(((_cosine(vec, v), p) for v, p in t.vectors), default=(0.0, ""))
                score = 0.6 * nn + 0.3 * _cosine(vec, t.centroid)
                evidence = f"like '{nn_text}'" if nn > 0.3 else ""
                word_hit = None
                extra_words = 0
                for rx, shown, weight in t.words:
                    m = rx.search(snorm)
                    if not m:
                        continue
                    if word_hit is None or weight > word_hit[1]:
                        extra_words += word_hit is not None
                        word_hit = (shown, weight, m.start() / max(1, len(snorm)))
                    else:
                        extra_words += 1
                if word_hit is not None:
                    score = max(score, 0.5 * score + word_hit[1]) + LATER_BONUS * word_hit[2] + EXTRA_WORD * min(2, extra_words)
                    evidence = f"'{word_hit[0]}'" + (f", {evidence}" if evidence else "")
                    if not t.spec.common:
                        score += 0.04  # the scenario's own word beats the shared default
                score += LATER_BONUS * position * (score > 0.2) + QUESTION_BONUS * asks * (score > 0.2)
                score = min(1.0, score)
                if score > 0 and (t.spec.id not in best or score > best[t.spec.id].confidence):
                    best[t.spec.id] = TopicHit(t.spec.id, score, evidence)
        return sorted(best.values(), key=lambda h: -h.confidence)

    def read(self, text: str) -> TopicHit | None:
        """The topic ``text`` is about, or None when it is about none of them."""
        hits = self.scores(text)
        if not hits or hits[0].confidence < self.threshold:
            return None
        return hits[0]


_SPLIT = re.compile(r"(?<=[.?!])\s+")


def _sentences(text: str) -> list[tuple[str, str]]:
    """Typed text splits at its sentence marks; recogniser text is one sentence."""
    parts = [p for p in _SPLIT.split(text.strip()) if normalize(p)]
    return [(p, normalize(p)) for p in parts] or [(text, normalize(text))]


__all__ = ["THRESHOLD", "TopicHit", "TopicReader", "TopicSpec"]
