"""The words officers say here: the corpus the built-in recogniser's language model is built from.

The general English language model that ships with pocketsphinx is poor at
officer speech (PLATFORM.md: 54 % WER). A model built from what trainees are
likely to say — the understanding data set (training splits only; dev stays
unseen), every scenario's menu choices, and the person's lines (which
trainees echo back when they paraphrase) — is far better.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from simulator.paths import scenarios_dir

DATA = Path(__file__).resolve().parents[1] / "understanding" / "data"
SPEECH_DATA = Path(__file__).resolve().parent / "data"

_NUMBERS = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine",
            "10": "ten", "911": "nine one one", "988": "nine eight eight"}


# One written form for words said the same way, so the language model learns one of them and word
# error rate does not count "OK" for "okay" or "neighbour" for "neighbor" as a mistake (the way NIST
# scoring maps alternative spellings). American spellings, because the dictionary is American.
SPELLINGS = {
    "ok": "okay", "alright": "all right", "mr": "mister", "behaviour": "behavior", "centre": "center",
    "centres": "centers", "favour": "favor", "licence": "license", "neighbour": "neighbor", "neighbours": "neighbors",
    "neighbourhood": "neighborhood", "recognise": "recognize", "recognised": "recognized", "stabilisation": "stabilization",
    "apologise": "apologize", "realise": "realize", "realised": "realized", "colour": "color", "honour": "honor",
    "mhm": "mm hm", "uhhuh": "uh huh", "mmhm": "mm hm",
}


def words_of(text: str) -> list[str]:
    """Lower-case words as a recogniser writes them, in one spelling each (SPELLINGS)."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    t = re.sub(r"\d+", lambda m: f" {_NUMBERS.get(m.group(0), ' '.join(_NUMBERS[d] for d in m.group(0)))} ", t)
    t = re.sub(r"[^a-z' ]", " ", t)
    words = (w.strip("'") for w in t.split())
    return [part for w in words if w for part in _spelled(w).split()]


def _spelled(word: str) -> str:
    if word in SPELLINGS:
        return SPELLINGS[word]
    if word.endswith("'s") and word[:-2] in SPELLINGS:
        return SPELLINGS[word[:-2]] + "'s"
    return word


def corpus_sentences(extra: list[str] | None = None) -> list[str]:
    """Every sentence the language model learns from, normalised.

    The shipped part (the training data, the officer phrases, every scenario) is read and normalised once per
    version of its files: it is some 20,000 lines of Python regular expressions and YAML, and the app asks for
    it at every session's speech loading, on a background thread that held the interpreter lock for seconds
    while the GUI thread waited for it (the soak's stalls).
    """
    return [*_shipped_sentences(_shipped_files()), *_sentences(extra or [])]


def phrase_sentences(phrases: list[str]) -> list[str]:
    """``phrases`` (a scenario's lines) normalised as the corpus is: what a recogniser adds to the corpus's model."""
    return _sentences(phrases)


def _shipped_files() -> tuple[tuple[str, int, int], ...]:
    """The files the shipped corpus is read from, with their sizes and times: a new version is read again."""
    paths = [*sorted(DATA.glob("train*.jsonl")), *sorted(SPEECH_DATA.glob("officer_*.txt")), *sorted(scenarios_dir().glob("*.yaml"))]
    return tuple((str(p), (st := p.stat()).st_mtime_ns, st.st_size) for p in paths)


@functools.lru_cache(maxsize=2)
def _shipped_sentences(files: tuple[tuple[str, int, int], ...]) -> tuple[str, ...]:
    del files  # the cache key: the same files, the same sentences
    texts: list[str] = []
    for path in sorted(DATA.glob("train*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if "misrecognized" not in row.get("tags", ()):  # a recogniser's imagined mistakes: not what officers say
                    texts.append(row["text"])
    for path in sorted(SPEECH_DATA.glob("officer_*.txt")):
        texts += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += scenario_texts()
    return tuple(_sentences(texts))


def _sentences(texts: list[str]) -> list[str]:
    out = []
    for t in texts:
        sentences = [" ".join(w) for s in re.split(r"(?<=[.!?;:])\s+|\n", t) if (w := words_of(s))]
        out += sentences
        if len(sentences) > 1:  # and said in one breath: 23.7 % vs 24.3 % WER on the tuning phrases
            out.append(" ".join(sentences))
    return out


def scenario_texts(folder: Path | None = None) -> list[str]:
    """Menu choices (their spoken part) and the person's lines of every shipped scenario."""
    import yaml

    from simulator.understanding.matching import spoken_part

    texts = []
    for path in sorted((folder or scenarios_dir()).glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C safe loader where built: same data, ~10x faster
        except (yaml.YAMLError, OSError):
            continue
        for phase in data.get("phases", []) if isinstance(data, dict) else []:
            for choice in phase.get("choices", []):
                texts.append(spoken_part(str(choice.get("text", ""))))
            for line in phase.get("lines", []) + phase.get("enter", []):
                texts.append(str(line.get("text", "")))
    return texts


def speech_phrases(scenario: object) -> list[str]:
    """What a recogniser should expect in ``scenario`` (a loaded Scenario): the menu lines, the person's lines,
    the dispatch and setting, and the names of the person and everyone else — the words a general model gets
    wrong ("Okafor", "Dashawn") and domain biasing exists for. Pass it to ``choose_recognizer(phrases=...)``."""
    from simulator.understanding.matching import spoken_part

    texts: list[str] = []
    person = getattr(scenario, "person", None)
    if person is not None and getattr(person, "name", None):
        texts.append(f"Hello {person.name}.")  # as a sentence, so the name reads as a name mid-sentence
    for character in (getattr(scenario, "characters", None) or {}).values():
        if getattr(character, "name", ""):
            texts.append(f"Hello {character.name}.")
    for field_name in ("dispatch", "setting", "summary"):
        value = getattr(scenario, field_name, "")
        if isinstance(value, str) and value:
            texts.append(value)
    for phase in (getattr(scenario, "phases", None) or {}).values():
        texts += [spoken_part(str(c.text)) for c in getattr(phase, "choices", ())]
        texts += [str(line.text) for line in (*getattr(phase, "lines", ()), *getattr(phase, "enter", ()))]
    return [t for t in texts if t.strip()]
