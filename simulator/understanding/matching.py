""""Say it your way": match a free utterance to the nearest menu choice.

Menu scenarios (and those imported from stage-and-option games) branch on
choices. A trainee who speaks instead of clicking should still take the branch
they meant: the utterance is compared with each choice's spoken words (the
quoted part, when the choice describes an action around a quote) by shared
words and by the techniques both perform. Below the threshold, nothing is
matched and the turn is read as techniques alone.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

from simulator.understanding.normalize import normalize
from simulator.understanding.reading import Reading

THRESHOLD = 0.5
WORD_WEIGHT = 0.6
TECHNIQUE_WEIGHT = 0.4
MIN_WORDS = 0.35
MIN_WORDS_ACTING = 0.6
STOPWORDS = frozenset(
    "a an the and or but so to of in on at for with is are was were be been am i you he she it we they me him her us them my your "
    "his its our their this that these those there here do does did just really very um uh okay oh well".split()
)
# Double quotes, or single quotes that open after a space or colon and close before a space or punctuation
# (so the apostrophe in "I'm" neither opens nor closes a quote).
_QUOTE = re.compile(r"[\"“”]([^\"“”]{3,})[\"“”]|(?:(?<=[\s:])|^)[‘']([^‘']*?(?:'[a-z][^‘']*?)*)[’'](?=\s|$|[.,;!?)])")


@dataclass(frozen=True)
class ChoiceMatch:
    choice_id: str
    similarity: float


def spoken_part(choice_text: str) -> str:
    """The words a choice has the officer say: its quotes if it has any, else all of it."""
    quotes = [a or b for a, b in _QUOTE.findall(choice_text)]
    return " ".join(quotes) if quotes else choice_text


def _bag(text: str) -> Counter[str]:
    words = [w for w in normalize(text).split() if w != "?"]
    content = [w for w in words if w not in STOPWORDS]
    bag = Counter(content)
    bag.update(f"{a}_{b}" for a, b in itertools.pairwise(words))
    return bag


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def similarity(words: float, utterance_techniques: set[str], choice_techniques: set[str]) -> float:
    """Word similarity blended with the share of techniques the utterance and the choice have in common."""
    utterance_techniques = utterance_techniques - {"other"}  # "nothing recognised" is no shared move
    choice_techniques = choice_techniques - {"other"}
    if choice_techniques:
        union = utterance_techniques | choice_techniques
        techniques = len(utterance_techniques & choice_techniques) / len(union) if union else 0.0
    else:
        techniques = words
    return WORD_WEIGHT * words + TECHNIQUE_WEIGHT * techniques


def match_choice(
    utterance: str,
    choices: list[tuple[str, str, tuple[str, ...], bool]],
    reading: Reading,
    threshold: float = THRESHOLD,
) -> ChoiceMatch | None:
    """The closest of ``choices`` (id, text, techniques, acts) to ``utterance`` (already read as ``reading``), if close enough.

    Shared techniques alone never make a match: the words must overlap too
    (``MIN_WORDS``), and more so for a choice that also takes an action or
    offers a referral (``MIN_WORDS_ACTING``), so "hi I'm Officer Lee" cannot
    walk the officer up to the person because a menu line that does both
    also introduces.
    """
    if not choices:
        return None
    said = set(reading.ids())
    bag = _bag(utterance)
    best: tuple[str, float] | None = None
    for cid, text, techniques, acts in choices:
        words = _cosine(bag, _bag(spoken_part(text)))
        if words < (MIN_WORDS_ACTING if acts else MIN_WORDS):
            continue
        score = similarity(words, said, set(techniques))
        if score >= threshold and (best is None or score > best[1]):
            best = (cid, score)
    return ChoiceMatch(best[0], round(best[1], 3)) if best else None
