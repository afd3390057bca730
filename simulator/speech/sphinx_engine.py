"""The built-in recogniser: pocketsphinx with a language model built from officer speech.

It needs no download (the pocketsphinx wheel carries an English acoustic
model and the CMU dictionary), so speech works on a fresh install. The
language model and a dictionary trimmed to its words are built from the
corpus on first use and cached by the corpus's hash; later starts load them
in well under a second.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from simulator.paths import user_cache_dir
from simulator.speech.corpus import corpus_sentences
from simulator.speech.recognizer import EngineInfo, EngineUnavailable, Transcript, Word

SAMPLE_RATE = 16000
DISCOUNT = 0.5
FRAME_SECONDS = 0.01
# Where live cepstral mean normalisation starts: the mean the decoder settles on after hearing the real
# human recordings in shared/audio. The model's own default (40,3,-1,0,...) is far from any real
# microphone and costs the first utterances of a session dearly (streaming WER 0.79 vs 0.60 measured).
# Chosen among a dozen settings on 36 synthesised officer phrases (WER 0.66 with the defaults):
# scoring 16 Gaussians a frame instead of 4 (0.57) and skipping the flat-lexicon second pass
# (0.53, and faster). Wider beams, other language weights and insertion penalties did not help.
DECODER_SETTINGS = {"topn": 16, "fwdflat": False}
CMN_INIT = "50.33,-5.13,-0.53,5.24,-2.95,-1.01,-3.45,-1.96,-4.33,0.34,-3.12,0.75,0.28"


def _pocketsphinx():
    try:
        import pocketsphinx
    except ImportError:
        raise EngineUnavailable("the pocketsphinx package is not installed: .venv/bin/pip install pocketsphinx") from None
    return pocketsphinx


def _dictionary(model_path: str) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    with open(os.path.join(model_path, "en-us", "cmudict-en-us.dict"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                word = parts[0].split("(")[0]
                entries.setdefault(word, []).append(" ".join(parts[1:]))
    return entries


def build_language_model(extra_phrases: list[str] | None = None, cache: Path | None = None) -> tuple[Path, Path, int]:
    """The (ARPA language model, dictionary, vocabulary size) for the corpus, built or from the cache."""
    ps = _pocketsphinx()
    sentences = corpus_sentences(extra_phrases)
    key = hashlib.sha256(("\n".join(sentences) + f"|{DISCOUNT}|v1").encode()).hexdigest()[:16]
    folder = (cache or user_cache_dir() / "builtin-lm") / key
    lm_path, dict_path = folder / "officer.lm", folder / "officer.dict"
    if lm_path.is_file() and dict_path.is_file():
        return lm_path, dict_path, sum(1 for line in dict_path.open(encoding="utf-8") if "(" not in line.split(" ", 1)[0])
    pron = _dictionary(ps.get_model_path())
    kept = [" ".join(w for w in s.split() if w in pron) for s in sentences]
    kept = [s for s in kept if s]
    vocabulary = sorted({w for s in kept for w in s.split()})
    from pocketsphinx.lm import ArpaBoLM

    lm = ArpaBoLM(text="\n".join(kept), add_start=True, discount_mass=DISCOUNT)
    lm.compute()
    folder.mkdir(parents=True, exist_ok=True)
    tmp_lm = folder / "officer.lm.tmp"
    lm.write_file(str(tmp_lm))
    with (folder / "officer.dict.tmp").open("w", encoding="utf-8") as fh:
        for word in vocabulary:
            for i, phones in enumerate(pron[word]):
                fh.write(f"{word if i == 0 else f'{word}({i + 1})'} {phones}\n")
    tmp_lm.replace(lm_path)
    (folder / "officer.dict.tmp").replace(dict_path)
    return lm_path, dict_path, len(vocabulary)


class SphinxRecognizer:
    """pocketsphinx with the officer language model. One utterance at a time."""

    def __init__(self, extra_phrases: list[str] | None = None, cache: Path | None = None) -> None:
        ps = _pocketsphinx()
        lm, dictionary, words = build_language_model(extra_phrases, cache)
        model = ps.get_model_path()
        try:
            self._decoder = ps.Decoder(hmm=os.path.join(model, "en-us", "en-us"), lm=str(lm), dict=str(dictionary), loglevel="FATAL", cmninit=CMN_INIT, **DECODER_SETTINGS)
        except RuntimeError as exc:
            raise EngineUnavailable(f"pocketsphinx could not start ({exc}); delete {lm.parent} to rebuild its language model") from None
        self.vocabulary_size = words
        self.info = EngineInfo("builtin", ("en-us",), SAMPLE_RATE, streams_partials=True, vocabulary_biasing=True,
                               description=f"pocketsphinx with an officer-speech language model ({words} words)", model="pocketsphinx en-us")

    def stream(self) -> SphinxStream:
        return SphinxStream(self._decoder)

    def transcribe_clip(self, pcm: bytes) -> Transcript:
        """A whole recording at once: cepstral mean normalisation over the full clip, not adapted live.

        Live streams start from the model's average voice and adapt as they go, which costs the
        first utterance dearly; for a file we can see all of it first.
        """
        self._decoder.start_utt()
        self._decoder.process_raw(pcm, False, True)
        stream = SphinxStream.__new__(SphinxStream)
        stream._d, stream._partial = self._decoder, ""
        return stream.finish()


class SphinxStream:
    def __init__(self, decoder) -> None:
        self._d = decoder
        self._d.start_utt()
        self._partial = ""

    def accept(self, pcm: bytes) -> str | None:
        if not pcm:
            return None
        self._d.process_raw(pcm, False, False)
        hyp = self._d.hyp()
        text = hyp.hypstr if hyp else ""
        if text != self._partial:
            self._partial = text
            return text
        return None

    def finish(self) -> Transcript:
        self._d.end_utt()
        hyp = self._d.hyp()
        if not hyp or not hyp.hypstr:
            return Transcript("")
        logmath = self._d.logmath
        words = []
        for seg in self._d.seg():
            w = seg.word
            if w.startswith(("<", "[", "+")) or w in ("<s>", "</s>", "<sil>"):
                continue
            word = w.split("(")[0]
            conf = min(1.0, max(0.0, logmath.exp(seg.prob))) if seg.prob else 1.0
            words.append(Word(word, conf, seg.start_frame * FRAME_SECONDS, (seg.end_frame + 1) * FRAME_SECONDS))
        return Transcript(" ".join(w.word for w in words) or hyp.hypstr, tuple(words))
