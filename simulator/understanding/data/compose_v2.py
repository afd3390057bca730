"""Write the version-2 labelled utterances (issue 12): train_v2.jsonl and dev_v2.jsonl.

    python -m simulator.understanding.data.compose_v2

The sentences instructors care about most, written for this project: slot
templates (names, family, beliefs, objects, places vary) plus hand-written
lines, each rendered either typed (case, punctuation) or the way a recogniser
returns it (lower case, no punctuation, now and then a misheard word). The
training lines and the dev lines come from two separate banks written with
different phrasing habits, so the dev split measures generalisation rather
than recall of a template. Nothing here is taken from the held-out sets in
tests/fixtures/heldout/.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from simulator.understanding.data import bank_dev, bank_train
from simulator.vocabulary import TECHNIQUES, primary_of

DATA = Path(__file__).resolve().parent

# Words a recogniser tends to get wrong: names into common words, short words into homophones.
MISHEARD = {
    "walter": "water", "denise": "the niece", "curtis": "curtains", "hale": "hail", "ellie": "ally", "officer": "of sir",
    "meth": "math", "pills": "pils", "you're": "your", "there": "their", "hear": "here", "right": "write", "know": "no",
    "daughter": "daughters", "marcus": "markets", "priya": "pria", "okafor": "oka for", "alvarez": "alvarez's",
    "knife": "night", "voices": "voice is", "cameras": "camera is", "medication": "medications", "hospital": "hospitals",
    "sorry": "story", "courage": "carriage", "proud": "prowd", "brave": "grave", "worried": "worry", "stepping": "step in",
    "sister": "sisters", "crisis": "crises", "mental": "metal", "honest": "honors", "van": "fan", "drinking": "thinking",
    "license": "licence", "sergeant": "sargent", "threw": "through", "would": "wood", "for": "four", "too": "two",
}


def recognised(text: str, rng: random.Random, mishear: float) -> str:
    """``text`` as a recogniser returns it: lower case, no punctuation, sometimes one word misheard."""
    t = text.lower().replace("\u2019", "'")
    t = re.sub(r"[^a-z0-9' ]+", " ", t)
    words = t.split()
    if rng.random() < 0.25:  # some recognisers drop apostrophes
        words = [w.replace("'", "") for w in words]
    if rng.random() < mishear:
        spots = [i for i, w in enumerate(words) if w in MISHEARD]
        if spots:
            i = rng.choice(spots)
            words[i] = MISHEARD[words[i]]
    return " ".join(words)


def fill(template: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    """Fill every ``{slot}`` of ``template`` with a random value of that slot."""
    def pick(m: re.Match[str]) -> str:
        return rng.choice(slots[m.group(1)])

    out = re.sub(r"\{(\w+)\}", pick, template)
    return out[0].upper() + out[1:] if out else out


def compose(bank, per_category: int, seed: int, exclude: set[str]) -> list[dict]:
    """Rows from ``bank`` (its CATEGORIES and SLOTS), ``per_category`` a category at most, half recogniser style."""
    rng = random.Random(seed)
    rows: list[dict] = []
    seen = set(exclude)
    for category, spec in bank.CATEGORIES.items():
        made = 0
        candidates = [(line, spec["labels"]) for line in spec.get("lines", ())]
        for _ in range(per_category * 6):
            template, labels = rng.choice(spec["templates"]) if spec.get("templates") else (None, None)
            if template is not None:
                candidates.append((fill(template, bank.SLOTS, rng), labels))
        rng.shuffle(candidates)
        # hand-written lines first, then templates, so every hand line is kept
        candidates.sort(key=lambda c: 0 if c[0] in spec.get("lines", ()) else 1)
        for text, labels in candidates:
            if made >= per_category:
                break
            labels = labels if isinstance(labels, list) else [labels]
            style = "recognizer" if made % 2 else "typed"
            shown = recognised(text, rng, 0.3) if style == "recognizer" else text
            k = key(shown)
            if k in seen or not k:
                continue
            seen.add(k)
            primary = primary_of(labels)
            row = {"text": shown, "primary": primary, "techniques": [primary, *[t for t in labels if t != primary]],
                   "style": style, "tags": ["v2"], "category": category}
            if spec.get("softened"):
                row["softened"] = True
            assert set(row["techniques"]) <= set(TECHNIQUES), row
            rows.append(row)
            made += 1
    rows += ramble(bank, rng, seen)
    for n, (language, text) in enumerate(getattr(bank, "OTHER_LANGUAGE", ())):
        shown = " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split()) if n % 2 else text
        rows.append({"text": shown, "primary": "other", "techniques": ["other"], "style": "recognizer" if n % 2 else "typed",
                     "tags": ["v2"], "category": "other_language", "language": language, "understood": False})
    return rows


def ramble(bank, rng: random.Random, seen: set[str]) -> list[dict]:
    """Long rambling turns: two to four moves of other categories between filler sentences, labelled as the union.

    The primary follows the labelling convention (vocabulary.PRIMARY_ORDER): an
    escalating move anywhere in the turn is its primary, whatever else is said.
    """
    rows: list[dict] = []
    parts = []
    for category, spec in bank.CATEGORIES.items():
        if category.startswith("contrast"):
            continue
        for template, labels in spec.get("templates", ()):
            parts.append((template, labels))
        parts += [(line, spec["labels"]) for line in spec.get("lines", ())]
    for n in range(bank.RAMBLES * 4):
        if len(rows) >= bank.RAMBLES:
            break
        moves = rng.sample(parts, rng.choice((2, 2, 3)))
        sentences = [(fill(t, bank.SLOTS, rng), labels) for t, labels in moves]
        for _ in range(rng.choice((1, 2, 2, 3))):
            sentences.insert(rng.randrange(len(sentences) + 1), (fill(rng.choice(bank.FILLERS), bank.SLOTS, rng), []))
        labels = list(dict.fromkeys(t for _, ls in sentences for t in ls))
        text = " ".join(s if s[-1] in ".?!" else s + "." for s, _ in sentences)
        style = "recognizer" if n % 2 else "typed"
        shown = recognised(text, rng, 0.3) if style == "recognizer" else text
        if key(shown) in seen:
            continue
        seen.add(key(shown))
        primary = primary_of(labels)
        rows.append({"text": shown, "primary": primary, "techniques": [primary, *[t for t in labels if t != primary]],
                     "style": style, "tags": ["v2", "multi"], "category": "long_rambling"})
    return rows


def key(text: str) -> str:
    """How the data tests compare utterances: case and punctuation ignored."""
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main() -> int:
    old = set()
    for p in DATA.glob("*.jsonl"):
        if p.stem not in ("train_v2", "dev_v2"):
            old |= {key(json.loads(line)["text"]) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()}
    train = compose(bank_train, bank_train.PER_CATEGORY, seed=12, exclude=old)
    dev = compose(bank_dev, bank_dev.PER_CATEGORY, seed=1212, exclude=old | {key(r["text"]) for r in train})
    write(DATA / "train_v2.jsonl", train)
    write(DATA / "dev_v2.jsonl", dev)
    print(f"train_v2: {len(train)} utterances; dev_v2: {len(dev)} utterances")
    return 0


if __name__ == "__main__":
    sys.exit(main())
