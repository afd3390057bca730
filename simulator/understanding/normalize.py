"""Bring typed text and recogniser output to one shape before reading it.

Typed text has case, punctuation and curly quotes; recogniser text is lower
case with no punctuation and the odd misheard word ("of sir" for "officer").
Reading both the same way means one set of rules serves both.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Misrecognitions and spellings that matter for reading techniques.
_REPLACE = [
    (r"\bof sir\b", "officer"),
    (r"\boff sir\b", "officer"),
    (r"\bofficers\b", "officer"),
    (r"\bim\b", "i'm"),
    (r"\bi m\b", "i'm"),
    (r"\bive\b", "i've"),
    (r"\bill\b(?= (be|go|get|call|stay|wait|need|make|take|tase|taze|shoot|arrest|put|do|help|have|let|see|sit|come|stand|keep))", "i'll"),
    (r"\bid\b(?= (like|love|be|feel|rather|want|hate))", "i'd"),
    (r"\byoure\b", "you're"),
    (r"\bitll\b", "it'll"),
    (r"\btheyll\b", "they'll"),
    (r"\btheyd\b", "they'd"),
    (r"\byoud\b", "you'd"),
    (r"\bwood you\b", "would you"),
    (r"\byou re\b", "you're"),
    (r"\byoull\b", "you'll"),
    (r"\byouve\b", "you've"),
    (r"\bdont\b", "don't"),
    (r"\bdon t\b", "don't"),
    (r"\bcant\b", "can't"),
    (r"\bwont\b", "won't"),
    (r"\bisnt\b", "isn't"),
    (r"\barent\b", "aren't"),
    (r"\bdidnt\b", "didn't"),
    (r"\bdoesnt\b", "doesn't"),
    (r"\bwasnt\b", "wasn't"),
    (r"\bthats\b", "that's"),
    (r"\bwhats\b", "what's"),
    (r"\bhows\b", "how's"),
    (r"\btheres\b", "there's"),
    (r"\bits\b(?= (okay|ok|alright|all right|not|going|gonna|fine|normal|natural|been|a|the|just|only|your|my|over|true|real|in|no|hard|understandable))", "it's"),
    (r"\blets\b", "let's"),
    (r"\bnobodys\b", "nobody's"),
    (r"\bno body\b", "nobody"),
    (r"\bno one's\b", "no one is"),
    (r"\bnobody's\b", "nobody is"),
    (r"\bgonna\b", "going to"),
    (r"\bgotta\b", "got to"),
    (r"\bwanna\b", "want to"),
    (r"\bkinda\b", "kind of"),
    (r"\bokay\b|\bok\b|\bo k\b|\bok a\b", "okay"),
    (r"\ball right\b", "alright"),
    (r"\bmm+ ?hm+\b|\bmhm+\b|\bmm+\b|\buh huh\b|\bum hmm\b|\bmm hmm\b", "mhm"),
    (r"\bnine eight eight\b|\bnine eighty eight\b", "988"),
    (r"\bcrises\b", "crisis"),
    (r"\btaze\b|\btase\b|\btazer\b|\btaser\b", "taser"),
    (r"\btazed\b|\btased\b", "tasered"),
    (r"\bcuffs\b", "handcuffs"),
]
_COMPILED = [(re.compile(p), r) for p, r in _REPLACE]
_QUESTION_START = re.compile(
    r"^(?:(?:so|and|okay|alright|hey|now|well|um|uh|sir|ma'am|\w+)\s+)?"
    r"(what|what's|how|how's|why|where|when|who|which|are|is|do|does|did|can|could|would|will|have|has|were|was|should|may|might)\b"
)
_FILLERS = re.compile(r"\b(uh|um|er|erm|ah|like you know)\b")


@lru_cache(maxsize=4096)  # a turn is normalised by the rules, the features and the negation check: once is enough
def normalize(text: str) -> str:
    """Lower case, straight apostrophes, words and single spaces; keeps ``?`` as a word."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    t = re.sub(r"[\u2013\u2014]", " ", t)
    t = re.sub(r"\?", " ? ", t)
    t = re.sub(r"[^a-z0-9'?\s-]", " ", t)
    t = re.sub(r"(?<![a-z])'|'(?![a-z])", " ", t)
    t = t.replace("-", " ")
    t = re.sub(r"\s+", " ", t).strip()
    for rx, repl in _COMPILED:
        t = rx.sub(repl, t)
    t = _FILLERS.sub(" ", t)
    return re.sub(r"\s+", " ", t).strip()


def is_question(original: str, norm: str) -> bool:
    """A question by its mark, or (for recogniser text) by how it starts."""
    if "?" in original:
        return True
    return bool(_QUESTION_START.match(norm))
