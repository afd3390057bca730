"""Features of a turn for the trained reader: words, word pairs, word pieces, rule hits.

Word pieces (character 4-grams) keep a misheard word close to the right one
("of sir" / "officer"); negation marks the words it governs ("not ... hurt"),
so the model can tell a reassurance from a threat; the hand-written rules'
hits are features too, so the model learns when to trust each rule.
"""

from __future__ import annotations

import re

from simulator.understanding.normalize import is_question, normalize
from simulator.understanding.reading import TechniqueHit

NEGATORS = frozenset({"not", "never", "no", "nobody", "nothing", "don't", "won't", "can't", "isn't", "aren't", "ain't", "didn't",
                      "doesn't", "wasn't", "shouldn't", "wouldn't", "couldn't", "nobody's", "none", "neither", "without"})
SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+")
STOP_NEGATION = frozenset({"but", "and", "so", "because", "if", "or", "then"})


def features(text: str, rule_hits: tuple[TechniqueHit, ...] | list[TechniqueHit] = ()) -> dict[str, float]:
    """Sparse features of one utterance, name -> value."""
    norm = normalize(text)
    question = is_question(text, norm)
    tokens = [t for t in norm.split() if t != "?"]
    f: dict[str, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        f[name] = f.get(name, 0.0) + value

    negated = 0
    for i, tok in enumerate(tokens):
        add(f"w:{tok}")
        if negated > 0:
            add(f"n:{tok}")
            negated -= 1
        if tok in NEGATORS or tok.endswith("n't"):
            negated = 4
        elif tok in STOP_NEGATION:
            negated = 0
        if i + 1 < len(tokens):
            add(f"b:{tok}_{tokens[i + 1]}")
        if i + 2 < len(tokens):
            add(f"t:{tok}_{tokens[i + 1]}_{tokens[i + 2]}", 0.5)
        if len(tok) >= 5:
            padded = f"<{tok}>"
            for j in range(len(padded) - 3):
                add(f"c:{padded[j:j + 4]}", 0.25)
    # How each sentence starts: imperatives ("Put your hands...") hide after a greeting in typed text.
    for sentence in SENTENCE_BREAK.split(text):
        words = [t for t in normalize(sentence).split() if t != "?"]
        if words:
            add(f"s:{words[0]}")
            if len(words) > 1:
                add(f"s2:{words[0]}_{words[1]}")
    if tokens:
        add(f"e:{tokens[-1]}")
    add("q" if question else "stmt")
    add("len:" + ("1-3" if len(tokens) <= 3 else "4-8" if len(tokens) <= 8 else "9-16" if len(tokens) <= 16 else "17+"))
    for hit in rule_hits:
        add(f"r:{hit.id}", hit.confidence)
    if not rule_hits:
        add("r:none")
    return f
