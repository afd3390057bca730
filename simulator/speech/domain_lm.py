"""A word trigram model of what officers say, for re-ranking the accurate engine's best guesses.

Moonshine hears sounds well but knows nothing of this domain: on synthesised
officer phrases its single best reading is wrong on ~1 word in 5 ("the world's
ending" → "we're lending"), while one of its four best readings is right far
more often (oracle WER ~10 %). Re-ranking those readings with a language model
of officer speech (the same corpus the built-in engine learns from:
simulator/speech/corpus.py, plus the scenario's own lines) picks the right one
much more often. Interpolated absolute discounting (Ney et al.): simple, no
dependencies, and it leaves probability for words it has never seen, so a
reading with a new name is not ruled out.
"""

from __future__ import annotations

import hashlib
import math
import pickle
from collections import Counter
from pathlib import Path

from simulator.paths import user_cache_dir

DISCOUNT = 0.7
OOV_SHARE = 0.02  # unigram probability mass kept for words the corpus never had


class DomainLM:
    def __init__(self, sentences: list[str]) -> None:
        c3: Counter[tuple[str, str, str]] = Counter()
        c2: Counter[tuple[str, str]] = Counter()
        c1: Counter[str] = Counter()
        for s in sentences:
            w = ["<s>", "<s>", *s.split(), "</s>"]
            for i in range(2, len(w)):
                c3[(w[i - 2], w[i - 1], w[i])] += 1
                c2[(w[i - 1], w[i])] += 1
                c1[w[i]] += 1
        self.c3, self.c2, self.c1 = dict(c3), dict(c2), dict(c1)
        h2: Counter[tuple[str, str]] = Counter()
        n2: Counter[tuple[str, str]] = Counter()
        for (a, b, _c), n in c3.items():
            h2[(a, b)] += n
            n2[(a, b)] += 1
        h1: Counter[str] = Counter()
        n1: Counter[str] = Counter()
        for (b, _c), n in c2.items():
            h1[b] += n
            n1[b] += 1
        self.h2, self.n2, self.h1, self.n1 = dict(h2), dict(n2), dict(h1), dict(n1)
        self.total = sum(c1.values()) or 1

    def prob(self, a: str, b: str, c: str) -> float:
        d = DISCOUNT
        p1 = (1 - OOV_SHARE) * self.c1.get(c, 0) / self.total + OOV_SHARE / 10_000
        h = self.h1.get(b, 0)
        p2 = (max(self.c2.get((b, c), 0) - d, 0) / h + d * self.n1[b] / h * p1) if h else p1
        h = self.h2.get((a, b), 0)
        return (max(self.c3.get((a, b, c), 0) - d, 0) / h + d * self.n2[(a, b)] / h * p2) if h else p2

    def score(self, words: list[str]) -> float:
        """Natural-log probability of the word sequence as a whole sentence."""
        w = ["<s>", "<s>", *words, "</s>"]
        return sum(math.log(self.prob(w[i - 2], w[i - 1], w[i])) for i in range(2, len(w)))


def officer_lm(extra_phrases: list[str] | None = None, cache: Path | None = None) -> DomainLM:
    """The model of the officer corpus plus ``extra_phrases`` (a scenario's lines), built once and cached by content."""
    from simulator.speech.corpus import corpus_sentences

    sentences = corpus_sentences(extra_phrases)
    key = hashlib.sha256(("\n".join(sentences) + f"|{DISCOUNT}|{OOV_SHARE}|v1").encode()).hexdigest()[:16]
    path = (cache or user_cache_dir() / "officer-lm") / f"{key}.pickle"
    try:
        with path.open("rb") as fh:
            model = pickle.load(fh)  # our own cache file, written below
        if isinstance(model, DomainLM):
            return model
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    model = DomainLM(sentences)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{id(model):x}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache only costs the next start the build time
    return model
