"""Second pronunciations for the built-in recogniser's dictionary, from espeak-ng's British English.

The CMU dictionary that ships with pocketsphinx is American: "car" is K AA R,
"water" W AO T ER. A speaker of British English drops those r's, and the
decoder, held to American pronunciations, hears other words (measured on
synthesised en-gb-x-rp speech: 34 % WER with the CMU dictionary alone, 32 %
with these variants added; the American voices gained too, 16 → 15 % and
34 → 30 %). espeak-ng is already a dependency for the person's voice, so we
ask it how each word in the language model is said in Received Pronunciation
and translate its phoneme mnemonics to the ARPAbet the acoustic model knows.
Without espeak-ng the dictionary simply stays American.
"""

from __future__ import annotations

import re
import shutil
import subprocess

VOICE = "en-gb-x-rp"

# espeak-ng's English phoneme mnemonics (`espeak-ng -x`) → ARPAbet, longest first. The r-coloured
# vowels of RP have no r: "car" is K AA, "here" HH IH AH.
_VOWELS = [
    ("aI@", "AY AH"), ("aU@", "AW AH"), ("i@3", "IH AH"), ("i@", "IH AH"), ("e@", "EH AH"), ("U@", "UH AH"),
    ("O@", "AO"), ("A@", "AA"), ("aI", "AY"), ("eI", "EY"), ("oU", "OW"), ("aU", "AW"), ("OI", "OY"),
    ("3:", "ER"), ("A:", "AA"), ("O:", "AO"), ("u:", "UW"), ("i:", "IY"), ("a#", "AH"), ("I#", "IH"), ("I2", "IH"),
    ("@2", "AH"), ("@5", "AH"), ("@L", "AH L"), ("3", "ER"), ("@", "AH"), ("V", "AH"), ("E", "EH"), ("I", "IH"),
    ("i", "IY"), ("0", "AA"), ("U", "UH"), ("aa", "AA"), ("a", "AE"), ("O", "AO"), ("A", "AA"), ("u", "UW"),
    ("e", "EH"), ("o", "OW"),
]
_CONSONANTS = [
    ("tS", "CH"), ("dZ", "JH"), ("N", "NG"), ("T", "TH"), ("D", "DH"), ("S", "SH"), ("Z", "ZH"), ("j", "Y"),
    ("p", "P"), ("b", "B"), ("t", "T"), ("d", "D"), ("k", "K"), ("g", "G"), ("f", "F"), ("v", "V"), ("s", "S"),
    ("z", "Z"), ("h", "HH"), ("m", "M"), ("n", "N"), ("l", "L"), ("r", "R"), ("w", "W"), ("x", "K"), ("?", ""),
]
_TOKENS = sorted(_VOWELS + _CONSONANTS, key=lambda pair: -len(pair[0]))
_MARKS = re.compile(r"[',%=_!|]")


def to_arpabet(mnemonics: str) -> str:
    """espeak-ng's ``-x`` output for one word as ARPAbet phones ("" if nothing is left)."""
    text = _MARKS.sub("", mnemonics)
    phones: list[str] = []
    i = 0
    while i < len(text):
        for key, arpa in _TOKENS:
            if text.startswith(key, i):
                phones += arpa.split()
                i += len(key)
                break
        else:  # a length mark or a phoneme we have no counterpart for
            i += 1
    return " ".join(phones)


def british_variants(words: list[str], voice: str = VOICE, batch: int = 500) -> dict[str, str]:
    """{word: ARPAbet pronunciation} as espeak-ng says each word in ``voice``; {} without espeak-ng.

    Words go to espeak-ng one per line, each ended by a full stop so it answers
    one line per word; a batch whose answer does not line up is skipped rather
    than risk giving a word another word's sounds.
    """
    exe = shutil.which("espeak-ng")
    if exe is None:
        return {}
    out: dict[str, str] = {}
    for start in range(0, len(words), batch):
        chunk = [w for w in words[start : start + batch] if re.fullmatch(r"[a-z][a-z']*", w)]
        try:
            done = subprocess.run([exe, "-v", voice, "-q", "-x"], input="\n".join(f"{w}." for w in chunk),
                                  capture_output=True, text=True, timeout=60, check=True)
        except (OSError, subprocess.SubprocessError):
            return out
        lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
        if len(lines) != len(chunk):
            continue
        for word, mnemonics in zip(chunk, lines):
            if " " not in mnemonics and (arpa := to_arpabet(mnemonics)):
                out[word] = arpa
    return out
