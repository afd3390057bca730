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
import threading
from collections import Counter
from pathlib import Path
from typing import Any, BinaryIO

from simulator.paths import user_cache_dir

DISCOUNT = 0.7
OOV_SHARE = 0.02  # unigram probability mass kept for words the corpus never had


class DomainLM:
    """Trigram counts, optionally laid over a ``base`` model's: the counts of the two added together.

    Why layers: each scenario's recogniser needs the officer corpus plus that scenario's lines. Built whole,
    each was a separate copy of the corpus's counts, ~94 MB of Python dicts (1.2 M objects), one per cached
    recogniser and one more per load; the soak's RSS rose ~60 MB a session as those copies came and went. Now
    the corpus is one model per process and a scenario adds only its own few hundred sentences. The result is
    the same model: counts add, and a continuation counts as new only where the base has never seen it.
    """

    base: DomainLM | None
    words: int

    def __init__(self, sentences: list[str], base: DomainLM | None = None) -> None:
        if base is not None and base.base is not None:
            raise ValueError("a layer goes over a whole model, not over another layer")
        c3: Counter[tuple[str, str, str]] = Counter()
        c2: Counter[tuple[str, str]] = Counter()
        c1: Counter[str] = Counter()
        for s in sentences:
            w = ["<s>", "<s>", *s.split(), "</s>"]
            for i in range(2, len(w)):
                c3[(w[i - 2], w[i - 1], w[i])] += 1
                c2[(w[i - 1], w[i])] += 1
                c1[w[i]] += 1
        self.base = base
        self.c3, self.c2, self.c1 = dict(c3), dict(c2), dict(c1)
        seen3: dict[tuple[str, str, str], int] = base.c3 if base is not None else {}
        seen2: dict[tuple[str, str], int] = base.c2 if base is not None else {}
        h2: Counter[tuple[str, str]] = Counter()
        n2: Counter[tuple[str, str]] = Counter()
        for (a, b, c), n in c3.items():
            h2[(a, b)] += n
            n2[(a, b)] += (a, b, c) not in seen3
        h1: Counter[str] = Counter()
        n1: Counter[str] = Counter()
        for (b, c), n in c2.items():
            h1[b] += n
            n1[b] += (b, c) not in seen2
        self.h2, self.n2, self.h1, self.n1 = dict(h2), dict(n2), dict(h1), dict(n1)
        self.words = sum(c1.values()) + (base.words if base is not None else 0)
        self.total = self.words or 1

    def _count(self, table: str, key: object) -> int:
        own: int = getattr(self, table).get(key, 0)
        return own + self.base._count(table, key) if self.base is not None else own

    def word_count(self, word: str) -> int:
        """How often ``word`` was said in everything this model learnt from (its base's sentences too)."""
        return self._count("c1", word)

    def prob(self, a: str, b: str, c: str) -> float:
        d, n = DISCOUNT, self._count
        p1 = (1 - OOV_SHARE) * n("c1", c) / self.total + OOV_SHARE / 10_000
        h = n("h1", b)
        p2 = (max(n("c2", (b, c)) - d, 0) / h + d * n("n1", b) / h * p1) if h else p1
        h = n("h2", (a, b))
        return (max(n("c3", (a, b, c)) - d, 0) / h + d * n("n2", (a, b)) / h * p2) if h else p2

    def score(self, words: list[str]) -> float:
        """Natural-log probability of the word sequence as a whole sentence."""
        w = ["<s>", "<s>", *words, "</s>"]
        return sum(math.log(self.prob(w[i - 2], w[i - 1], w[i])) for i in range(2, len(w)))


def officer_lm(extra_phrases: list[str] | None = None, cache: Path | None = None) -> DomainLM:
    """The model of the officer corpus plus ``extra_phrases`` (a scenario's lines): the corpus's model, shared by
    every recogniser of the process, with the phrases' counts laid over it."""
    from simulator.speech.corpus import phrase_sentences

    base = corpus_lm(cache)
    extra = phrase_sentences(extra_phrases or [])
    return DomainLM(extra, base=base) if extra else base


_CORPUS_LMS: dict[str, DomainLM] = {}
_CORPUS_LOCK = threading.Lock()


def corpus_lm(cache: Path | None = None) -> DomainLM:
    """The shipped corpus's model: built once per version of the corpus and cached on disk by content, and held
    once per process (recognisers for different scenarios load on worker threads, hence the lock)."""
    from simulator.speech.corpus import corpus_sentences

    sentences = corpus_sentences()
    key = hashlib.sha256(("\n".join(sentences) + f"|{DISCOUNT}|{OOV_SHARE}|v3").encode()).hexdigest()[:16]
    with _CORPUS_LOCK:
        if key not in _CORPUS_LMS:
            _CORPUS_LMS.clear()  # a new version of the corpus: the old model goes
            _CORPUS_LMS[key] = _load_or_build(sentences, (cache or user_cache_dir() / "officer-lm") / f"{key}.pickle")
        return _CORPUS_LMS[key]


TABLES = ("c3", "c2", "c1", "h2", "n2", "h1", "n1")
CHUNK = 8_000  # entries per pickled piece: each loads in ~10 ms


def _load_or_build(sentences: list[str], path: Path) -> DomainLM:
    """The cached model, or a new one (then cached). Read piece by piece: one ``pickle.load`` of the whole model is
    a single C call of ~230 ms that holds the interpreter lock throughout, so the window froze for it whenever a
    recogniser loaded; between pieces the GUI thread gets its turn."""
    try:
        return _read(path)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, KeyError):
        pass
    model = DomainLM(sentences)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{id(model):x}.tmp")
        with tmp.open("wb") as fh:
            _write(model, fh)
        tmp.replace(path)
        for old in path.parent.glob("*.pickle"):  # earlier versions of the corpus (and of this format): ~6 MB each
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache only costs the next start the build time
    return model


def _write(model: DomainLM, fh: BinaryIO) -> None:
    pickle.dump({"format": "officer-lm pieces", "words": model.words}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    for table in TABLES:
        items = list(getattr(model, table).items())
        for i in range(0, len(items), CHUNK):
            pickle.dump((table, items[i : i + CHUNK]), fh, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(None, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _read(path: Path) -> DomainLM:
    with path.open("rb") as fh:
        head = pickle.load(fh)  # our own cache file, written by _write
        if not isinstance(head, dict) or head.get("format") != "officer-lm pieces":
            raise ValueError(f"{path} is not a cached officer model")
        tables: dict[str, dict[Any, int]] = {t: {} for t in TABLES}
        while (piece := pickle.load(fh)) is not None:
            table, items = piece
            tables[table].update(items)
    model = DomainLM.__new__(DomainLM)
    model.base = None
    for table in TABLES:
        setattr(model, table, tables[table])
    model.words = int(head["words"])
    model.total = model.words or 1
    return model
