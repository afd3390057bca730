"""Word error rate: edits (substitutions, insertions, deletions) per reference word."""

from __future__ import annotations

import re

from simulator.speech.corpus import words_of

# A contraction and its full form are one way of writing the same words ("I'm" / "I am", "gonna" / "going to"):
# a recogniser that writes the other one has not misheard. The same expansions as Whisper's English text
# normaliser, the usual convention for published WER; "'s" and "'d" stay as they are (is/has, had/would).
_FULL_FORMS = [(re.compile(p), r) for p, r in (
    (r"\bgonna\b", "going to"), (r"\bwanna\b", "want to"), (r"\bgotta\b", "got to"), (r"\bcannot\b", "can not"),
    (r"\bcan't\b", "can not"), (r"\bwon't\b", "will not"), (r"\bain't\b", "is not"), (r"\blet's\b", "let us"),
    (r"\by'all\b", "you all"), (r"n't\b", " not"), (r"'re\b", " are"), (r"'m\b", " am"), (r"'ll\b", " will"),
    (r"'ve\b", " have"),
)]


def full_forms(words: list[str]) -> list[str]:
    """``words`` with every contraction written out."""
    text = " ".join(words)
    for pattern, replacement in _FULL_FORMS:
        text = pattern.sub(replacement, text)
    return text.split()


def edits(reference: str, hypothesis: str, contractions_differ: bool = False) -> tuple[int, int]:
    """(word edits, reference words) after normalising both to recogniser-style words, contractions written out
    (unless ``contractions_differ``: the stricter count, reported beside it)."""
    ref, hyp = words_of(reference), words_of(hypothesis)
    if not contractions_differ:
        ref, hyp = full_forms(ref), full_forms(hyp)
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        prev, row[0] = row[0], i
        for j in range(1, len(hyp) + 1):
            cur = min(row[j] + 1, row[j - 1] + 1, prev + (ref[i - 1] != hyp[j - 1]))
            prev, row[j] = row[j], cur
    return row[len(hyp)], len(ref)


def wer(pairs: list[tuple[str, str]], contractions_differ: bool = False) -> float:
    """Corpus WER over (reference, hypothesis) pairs."""
    total_edits = total_words = 0
    for ref, hyp in pairs:
        e, n = edits(ref, hyp, contractions_differ)
        total_edits += e
        total_words += n
    return total_edits / total_words if total_words else 0.0
