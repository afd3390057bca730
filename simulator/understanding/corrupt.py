"""Recogniser-like corruption, to measure (and train for) robustness to misheard speech.

Speech recognisers drop short words, confuse homophones and merge or split
words; typed text arrives with case and punctuation. This turns any utterance
into what a mediocre recogniser might have heard, deterministically per seed.
"""

from __future__ import annotations

import random
import re

HOMOPHONES = {
    "you're": "your", "your": "you're", "there": "their", "their": "there", "they're": "there", "to": "two", "too": "to",
    "hear": "here", "here": "hear", "know": "no", "no": "know", "right": "write", "write": "right", "weight": "wait",
    "wait": "weight", "through": "threw", "would": "wood", "for": "four", "by": "buy", "hurt": "heart", "officer": "of sir",
    "mental": "metal", "crisis": "crises", "okay": "ok", "i'm": "im", "we're": "were", "it's": "its", "can't": "can",
    "won't": "want", "don't": "dont", "kill": "kil", "safe": "say", "sit": "set", "help": "health", "talk": "tock",
    "scared": "scarred", "alone": "a loan", "calm": "come", "down": "don", "jail": "jay", "arrest": "a rest",
}
DROPPABLE = {"the", "a", "an", "to", "of", "and", "is", "are", "that", "just", "so", "i", "it", "in", "on", "me", "be", "do"}


def corrupt(text: str, rng: random.Random, rate: float = 0.15) -> str:
    """A recogniser-style rendering of ``text`` with about ``rate`` of the words damaged."""
    words = re.sub(r"[^a-z0-9' ]", " ", text.lower()).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        roll = rng.random()
        if roll < rate * 0.4 and w in DROPPABLE and len(words) > 3:
            i += 1
            continue
        if roll < rate * 0.8 and w in HOMOPHONES:
            out.append(HOMOPHONES[w])
        elif roll < rate and i + 1 < len(words) and len(w) + len(words[i + 1]) <= 9:
            out.append(w + words[i + 1])
            i += 1
        else:
            out.append(w)
        i += 1
    return " ".join(out) or text.lower()
