"""The trained reader: a linear model over words, word pieces and rule hits.

Hand-written rules are precise but brittle; a linear model trained on the
labelled set generalises to new phrasings and to misheard words. The model is
small (plain JSON, pure-Python inference, no numpy at run time), ships inside
the package, and is rebuilt from the labelled data with
``deescalate train understanding``.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from simulator.understanding.clauses import Segmenter, words_of
from simulator.understanding.features import features
from simulator.understanding.language import detect
from simulator.understanding.reading import Context, Reading, TechniqueHit
from simulator.understanding.rules import RuleReader, softened
from simulator.vocabulary import ESCALATING, PRIMARY_ORDER, polarity

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json.gz"
MULTI_THRESHOLD = 0.5
UNSURE = 0.35  # below this the model defers to a confident rule of the same polarity
RULE_SURE = 0.8
HARM_WORDS = re.compile(
    r"kill|suicid|hurt|heart|harm|\bdie\b|dying|dead|death|\bend(?:ing|ed)? (?:it|things|your|everything|my|the|this|all)|life|\blive|living|alive|"
    r"jump|fall|overdos|\bod\b|\bcut|weapon|gun|rifle|pistol|knife|blade|razor|rope|hang|shoot|"
    r"bridge|rail|edge|ledge|roof|burn|fire|bleach|poison|danger|safe|yourself|on purpose|goodbye|\bnote\b|"
    r"here anymore|wak(?:e|ing) up|go(?:ing)? on\b|giv(?:e|ing) up|do it\b|doing something|do something|act(?:ing)? on|"
    r"plan|disappear|wish you|better off|without you|gone|be around|being around|"
    r"be here|being here|weren.t here|wasn.t here|not here|anymore|stop existing|be over|all over|it over|done mean|mean by that|thoughts"
)
POLARITY_WEIGHT = 1.0
SENTENCE = re.compile(r"(?<=[.!?])\s+")
LONG_TURN = 3  # sentences from which a turn is read sentence by sentence
SPOKEN_LONG_WORDS = 14  # an unpunctuated turn this long is split by the learned segmenter (clauses.py)...
SPOKEN_LONG_PARTS = 3  # ...and read sentence by sentence when it has this many sentences
WHOLE_SURE = 0.8  # a long turn read whole: its own primary counts from this confidence
LONE_ESCALATION_SURE = 0.6  # an escalation one sentence shows and the whole turn does not counts from this confidence
PUNCTUATED = re.compile(r"[.!?]")
LONG_HIT = 0.4  # a sentence's move counts in a long turn from this confidence
ESCALATION_UNSURE = 0.5  # an escalation the model is this unsure of takes the name a precise rule gives it...
ESCALATION_RULE_SURE = 0.78  # ...when the rule is this sure
FLIP_GUARD = 0.5  # an escalating reading below this gives way to a sure supportive rule with no escalating words
ESCALATION_PRESENT = 0.5  # the multi-label head's probability that an escalating move is in the turn
ESCALATION_FLOOR = 0.05  # ...and the technique head's own probability for it, so noise cannot promote one


class ModelMissing(RuntimeError):
    """The packaged model file is absent or unreadable (a broken install)."""


_WHITESPACE = re.compile(r"[ \t\n\r]*")


def parse_in_steps(text: str) -> dict[str, Any]:
    """``json.loads`` of a JSON object, its big members value by value.

    One ``json.loads`` of the 10 MB model holds the interpreter lock for its whole 0.2–0.6 s (C code is never
    interrupted), and the app's GUI thread waited that long at the first session. Decoded one small value at a time
    (an object's members, a member's members), the lock is handed over between values as usual. The result is
    exactly ``json.loads(text)``.
    """
    decoder = json.JSONDecoder()

    def value(i: int, depth: int) -> tuple[Any, int]:
        i = _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]
        if depth >= 2 or text[i] != "{":
            return decoder.raw_decode(text, i)
        out: dict[str, Any] = {}
        i = _WHITESPACE.match(text, i + 1).end()  # type: ignore[union-attr]
        if text[i] == "}":
            return out, i + 1
        while True:
            key, i = decoder.raw_decode(text, i)
            i = _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]
            if text[i] != ":":
                raise ValueError(f"expected ':' at character {i}")
            out[key], i = value(i + 1, depth + 1)
            i = _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]
            if text[i] == "}":
                return out, i + 1
            if text[i] != ",":
                raise ValueError(f"expected ',' or '}}' at character {i}")
            i = _WHITESPACE.match(text, i + 1).end()  # type: ignore[union-attr]

    try:
        result, end = value(0, 0)
    except IndexError:
        raise ValueError("the JSON text ends too soon") from None
    if _WHITESPACE.match(text, end).end() != len(text) or not isinstance(result, dict):  # type: ignore[union-attr]
        raise ValueError("not one JSON object")
    return result


@cache
def _load(path: Path = MODEL_PATH) -> dict:
    try:
        return parse_in_steps(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelMissing(f"cannot read the understanding model {path}: {exc}; rebuild it with `deescalate train understanding`") from None


class ModelReader:
    """Reads a turn with the trained model, the rule reader's hits as evidence and features."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        model = _load(path)
        self.labels: list[str] = model["labels"]
        self.weights: dict[str, list[float]] = model["weights"]
        self.bias: list[float] = model["bias"]
        self.polarities: list[str] = model.get("polarities", [])
        self.n = len(self.labels)
        self.rules = RuleReader()
        # Most weights were pruned to zero: each feature's non-zero (head, weight) pairs, and the techniques it can be shown
        # as evidence for, are worked out the first time the feature is seen (a few times fewer sums a turn, no load cost).
        self.sparse: dict[str, tuple[list[tuple[int, float]], list[tuple[str, float]]]] = {}
        seg = model.get("segmenter")
        self.segmenter: Segmenter | None = Segmenter(seg["weights"], seg["bias"]) if seg else None

    def read(self, text: str, context: Context | None = None) -> Reading:
        guess = detect(text)
        if guess is not None:  # never guess a technique in a language the model was not trained on
            return Reading.not_understood(text, guess.language, guess.confidence)
        sentences = [s for s in SENTENCE.split(text.strip()) if s.strip()]
        if len(sentences) >= LONG_TURN:
            return self._read_long(text, sentences, context)
        if self.segmenter is not None and not PUNCTUATED.search(text) and len(words_of(text)) >= SPOKEN_LONG_WORDS:
            # Recogniser output: one run of words, no full stops. Where its sentences end is learned (clauses.py).
            parts = self.segmenter.split(text)
            if len(parts) >= SPOKEN_LONG_PARTS:
                return self._read_long(text, parts, context)
        reading = self._read_one(text, context)
        if reading.primary == "command" and softened(text):
            reading = replace(reading, softened=True)
        return reading

    def _read_long(self, text: str, sentences: list[str], context: Context | None) -> Reading:
        """A long rambling turn, read sentence by sentence: every move counts, the primary by the convention.

        Read whole, one move drowns in the words around it; read by sentence,
        each move is read as if said alone, and the primary is the most salient
        of them (vocabulary.PRIMARY_ORDER: an escalation anywhere leads).

        A sentence read alone can lose what made it harmless (a recogniser's
        sentences are only guessed, clauses.py, and a wrong cut leaves a
        fragment like "i know a couple spots" that reads as anything). So the
        whole turn is read too: its own sure move counts, and an escalation
        that only one sentence shows, and the whole turn does not, counts
        only when that sentence is sure of it.
        """
        best: dict[str, TechniqueHit] = {}
        soft = True
        read_whole = self._read_one(text, context)
        whole = set(read_whole.ids())
        if read_whole.primary != "other" and read_whole.techniques[0].confidence >= WHOLE_SURE:
            best[read_whole.primary] = read_whole.techniques[0]
        for sentence in sentences:
            r = self._read_one(sentence, context)
            for h in r.techniques:
                if h.id in ESCALATING and h.id not in whole and h.confidence < LONE_ESCALATION_SURE:
                    continue
                if h.id != "other" and (h.id not in best or best[h.id].confidence < h.confidence):
                    best[h.id] = h
            if r.primary == "command":
                soft = soft and softened(sentence)
        hits = [h for h in best.values() if h.confidence >= LONG_HIT]
        if not hits and best:
            hits = [max(best.values(), key=lambda h: h.confidence)]
        reading = Reading.of(text, hits)
        if reading.primary == "command" and soft:
            reading = replace(reading, softened=True)
        return reading

    def _read_one(self, text: str, context: Context | None = None) -> Reading:
        rule_reading = self.rules.read_english(text, context)  # the language was checked once, in read()
        rule_hits = [h for h in rule_reading.techniques if h.id != "other"]
        feats = features(text, rule_hits)
        n, m = self.n, len(self.polarities)
        scores = list(self.bias[: 2 * n + m])
        contributions: dict[str, list[tuple[float, str]]] = {}
        for name, value in feats.items():
            entry = self.sparse.get(name)
            if entry is None:
                weights = self.weights.get(name)
                if weights is None:
                    continue
                entry = self.sparse[name] = self._sparse(name, weights)
            for k, w in entry[0]:
                scores[k] += w * value
            for label, w in entry[1]:
                contributions.setdefault(label, []).append((w * value, name[2:].replace("_", " ")))
        primary_scores, multi_scores, polarity_scores = scores[:n], scores[n : 2 * n], scores[2 * n :]
        probs = _softmax(primary_scores)
        multi = [_sigmoid(x) for x in multi_scores]
        if m:
            # A product of experts: the polarity head (three classes, more data each) checks the technique head.
            pol = dict(zip(self.polarities, _softmax(polarity_scores), strict=True))
            joint = [probs[k] * pol[polarity(self.labels[k])] ** POLARITY_WEIGHT for k in range(n)]
            total = sum(joint)
            probs = [x / total for x in joint]
        if not HARM_WORDS.search(text.lower()):
            # Asking about harm is what the suicide-risk score rests on: it needs a word about harm,
            # however much the rest of the question looks like one ("have you been able to sleep?").
            harm = self.labels.index("ask_about_harm")
            probs[harm] = 0.0
            multi[harm] = 0.0
            total = sum(probs) or 1.0
            probs = [p / total for p in probs]
        for label in self.rules.negated_escalations(text) & set(self.labels):
            k = self.labels.index(label)
            probs[k] = multi[k] = 0.0
        total = sum(probs) or 1.0
        probs = [p / total for p in probs]
        best = max(range(n), key=lambda k: probs[k])
        if polarity(self.labels[best]) != "escalating":
            # The labelling convention: an escalating move in a turn is its primary, whatever else is said.
            escalations = [k for k in range(n) if self.labels[k] in ESCALATING and multi[k] >= ESCALATION_PRESENT and probs[k] >= ESCALATION_FLOOR]
            if escalations:
                best = min(escalations, key=lambda k: PRIMARY_ORDER.index(self.labels[k]))
        rule_primary = rule_reading.primary
        if probs[best] < UNSURE and rule_primary in self.labels and rule_primary != "other" \
                and rule_reading.techniques[0].confidence >= RULE_SURE and polarity(rule_primary) == polarity(self.labels[best]):
            best = self.labels.index(rule_primary)  # the model is unsure; a precise rule is not
        elif polarity(self.labels[best]) == "escalating" and probs[best] < ESCALATION_UNSURE and rule_primary in ESCALATING \
                and rule_primary != self.labels[best] and rule_reading.techniques[0].confidence >= ESCALATION_RULE_SURE:
            # Which escalation it is (argue or dismiss, insult or threaten) is the rule's call when the model is unsure of its
            # own: the polarity is not in doubt, and the hand-written pattern names the move (issue #19).
            best = self.labels.index(rule_primary)
        if polarity(self.labels[best]) == "escalating" and probs[best] < FLIP_GUARD and rule_primary in self.labels \
                and polarity(rule_primary) == "supportive" and rule_reading.techniques[0].confidence >= RULE_SURE \
                and not any(h.id in ESCALATING for h in rule_hits):
            # A very unsure escalation against a precise supportive rule and no escalating words at all: turning
            # praise into an insult is the misreading that hurts most, so the rule wins.
            best = self.labels.index(rule_primary)
        primary = self.labels[best]
        rule_by_id = {h.id: h for h in rule_hits}
        hits = [TechniqueHit(primary, probs[best], self._evidence(primary, rule_by_id, contributions))]
        for k in range(n):
            label = self.labels[k]
            if label in (primary, "other"):
                continue
            p = multi[k]
            if p >= MULTI_THRESHOLD and not (polarity(primary) != "escalating" and label in ESCALATING and probs[k] < 0.2):
                hits.append(TechniqueHit(label, p, self._evidence(label, rule_by_id, contributions)))
        if primary == "other" and len(hits) > 1:
            hits = hits[1:]
        reading = Reading.of(text, hits)
        if reading.primary != primary and primary != "other":
            # The primary is the model's choice; the other hits only add techniques.
            ordered = sorted(reading.techniques, key=lambda h: h.id != primary)
            reading = Reading(text, tuple(ordered), primary, polarity(primary))
        return reading

    def _sparse(self, name: str, weights: list[float]) -> tuple[list[tuple[int, float]], list[tuple[str, float]]]:
        """A feature's non-zero weights, and the techniques whose multi-label weight is strong enough to cite it as evidence."""
        telling = [(self.labels[k], weights[self.n + k]) for k in range(self.n) if weights[self.n + k] > 0.3] \
            if name.startswith(("w:", "b:", "t:")) else []
        return [(k, x) for k, x in enumerate(weights) if x], telling

    @staticmethod
    def _evidence(label: str, rule_by_id: dict[str, TechniqueHit], contributions: dict[str, list[tuple[float, str]]]) -> str:
        if label in rule_by_id and rule_by_id[label].evidence:
            return rule_by_id[label].evidence
        words = sorted(contributions.get(label, []), reverse=True)[:3]
        return ", ".join(w for _, w in words)


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))
