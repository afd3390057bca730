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


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _said(match: re.Match[str]) -> str:
    n = int(match.group(0))
    return f" {_ONES[n]} " if n < 20 else f" {_TENS[n // 10]} {_ONES[n % 10] if n % 10 else ''} "


def numbers_as_said(text: str) -> str:
    """Two-digit numbers written as the words they are said as ("29" → "twenty nine", as in "a 10-29"), so a
    recogniser that writes "twenty-nine" is not charged for it. (words_of reads other digits one by one:
    "911" is "nine one one"; "07" stays "zero seven".)"""
    return re.sub(r"(?<!\d)[1-9]\d(?!\d)", _said, text)


def _joined(words: list[str], other: set[str]) -> list[str]:
    """``words`` with each pair of neighbours that the other side writes as one word joined ("cry baby" against
    "crybaby", "for ever" against "forever"): one word spelled open or closed, not a mishearing."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and words[i] + words[i + 1] in other and words[i] not in other:
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def full_forms(words: list[str]) -> list[str]:
    """``words`` with every contraction written out."""
    text = " ".join(words)
    for pattern, replacement in _FULL_FORMS:
        text = pattern.sub(replacement, text)
    return text.split()


def edits(reference: str, hypothesis: str, contractions_differ: bool = False) -> tuple[int, int]:
    """(word edits, reference words) after normalising both to recogniser-style words, with contractions written
    out, two-digit numbers as said and words written open or closed joined; ``contractions_differ`` is the strict
    count (words_of's spellings only), reported beside it."""
    if contractions_differ:
        ref, hyp = words_of(reference), words_of(hypothesis)
    else:
        ref, hyp = full_forms(words_of(numbers_as_said(reference))), full_forms(words_of(numbers_as_said(hypothesis)))
        ref = _joined(ref, set(hyp))
        hyp = _joined(hyp, set(ref))
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
