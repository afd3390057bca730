"""Word error rate: edits (substitutions, insertions, deletions) per reference word."""

from __future__ import annotations

from simulator.speech.corpus import words_of


def edits(reference: str, hypothesis: str) -> tuple[int, int]:
    """(word edits, reference words) after normalising both to recogniser-style words."""
    ref, hyp = words_of(reference), words_of(hypothesis)
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        prev, row[0] = row[0], i
        for j in range(1, len(hyp) + 1):
            cur = min(row[j] + 1, row[j - 1] + 1, prev + (ref[i - 1] != hyp[j - 1]))
            prev, row[j] = row[j], cur
    return row[len(hyp)], len(ref)


def wer(pairs: list[tuple[str, str]]) -> float:
    """Corpus WER over (reference, hypothesis) pairs."""
    total_edits = total_words = 0
    for ref, hyp in pairs:
        e, n = edits(ref, hyp)
        total_edits += e
        total_words += n
    return total_edits / total_words if total_words else 0.0
