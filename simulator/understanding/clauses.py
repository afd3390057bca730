"""Where the sentences of an unpunctuated turn end: a recogniser's long turn, split so each move is read alone.

A recogniser returns one lower-case run of words with no full stops, so a
long turn ("sorry the radio keeps going off are you thinking of ending your
life its nearly midnight") cannot be split the way typed text is. Read whole,
one move drowns in the words around it. This is a small logistic model of
"a sentence ends between these two words", from the words either side of
the gap; it is trained (``deescalate train understanding``) on typed training
utterances with their punctuation taken away, so it learns where people
actually start a new sentence ("... off | are you", "... there | i need you
to") rather than a hand-kept list of discourse markers. Pure Python at run
time, a few dozen dictionary look-ups a turn.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Mapping

WORD = re.compile(r"[a-z0-9']+")
THRESHOLD = 0.3  # a boundary from this probability: cuts are rare, so the model is seldom more sure than not
MIN_WORDS = 3  # no sentence shorter than this is cut off (fillers like "okay so" stay attached)
# Words that join a clause to the one before it: no sentence is cut to start with one, so a limit keeps its reason
# ("put it down | because ..." would leave a bare order) and a question keeps its condition.
NO_START = frozenset({"because", "cause", "so", "but", "though", "although", "and", "or", "if", "unless", "until", "till", "while",
                      "when", "whether", "than", "that", "which", "to", "then", "as", "for", "of", "with", "by", "from", "at",
                      "in", "on", "into", "about", "before", "after", "since", "where", "who", "whatever", "now"})
# Words no spoken sentence ends on (articles, possessives, auxiliaries, prepositions that need an object).
NO_END = frozenset({"the", "a", "an", "my", "your", "you're", "youre", "his", "her", "their", "our", "to", "of", "and", "or", "but",
                    "because", "if", "i", "i'm", "im", "we're", "they're", "he's", "she's", "it's", "its", "am", "is", "are", "was",
                    "were", "be", "been", "can", "could", "would", "should", "will", "do", "does", "did", "have", "has", "had",
                    "than", "at", "by", "from", "into", "as", "very", "really", "so", "just", "not", "no", "that's", "there's",
                    "what's", "how", "what", "this", "these", "those", "some", "any", "every", "each", "mr", "mrs", "ms", "dr"})


def words_of(text: str) -> list[str]:
    """Lower-case words, apostrophes kept, everything else dropped: the shape a recogniser returns."""
    return WORD.findall(text.lower().replace("\u2019", "'"))


def gap_features(words: list[str], i: int) -> Iterator[str]:
    """Features of the gap after ``words[i]``: the words either side, their pairs, and how far from either end."""
    n = len(words)
    left, right = words[i], words[i + 1]
    yield "l:" + left
    yield "r:" + right
    yield f"lr:{left}_{right}"
    if i > 0:
        yield f"ll:{words[i - 1]}_{left}"
    if i + 2 < n:
        yield f"rr:{right}_{words[i + 2]}"
        if i + 3 < n:
            yield f"rrr:{right}_{words[i + 2]}_{words[i + 3]}"
    yield f"from_start:{min(i + 1, 6)}"
    yield f"to_end:{min(n - i - 1, 6)}"


class Segmenter:
    """Splits a run of words into sentences with weights learned from punctuated text."""

    def __init__(self, weights: Mapping[str, float], bias: float) -> None:
        self.weights = weights
        self.bias = bias

    def probability(self, words: list[str], i: int) -> float:
        """How likely a sentence ends after ``words[i]``."""
        score = self.bias + sum(self.weights.get(f, 0.0) for f in gap_features(words, i))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def split(self, text: str) -> list[str]:
        """The sentences of ``text`` (lower case, no punctuation), none shorter than ``MIN_WORDS`` unless it is all there is."""
        words = words_of(text)
        if len(words) < 2 * MIN_WORDS:
            return [" ".join(words)] if words else []
        cuts = []
        last = 0
        for i in range(len(words) - 1):
            if i + 1 - last < MIN_WORDS or len(words) - (i + 1) < MIN_WORDS or words[i] in NO_END or words[i + 1] in NO_START:
                continue
            if self.probability(words, i) >= THRESHOLD:
                cuts.append(i + 1)
                last = i + 1
        bounds = [0, *cuts, len(words)]
        return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
