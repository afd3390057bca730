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
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.paths import user_cache_dir
from simulator.speech.corpus import corpus_sentences
from simulator.speech.pronunciations import british_variants
from simulator.speech.recognition import EngineInfo, EngineUnavailable, Transcript, Word

if TYPE_CHECKING:
    from simulator.speech.sphinx_process import SphinxProcessStream

SAMPLE_RATE = 16000
# The share of each context's probability kept back for unseen continuations. pocketsphinx's default
# (0.5) spreads too much over word sequences officers never say: 0.1 measured 2 points better than
# 0.5 and 0.2, and 3 better than 0.05, on 90 synthesised tuning phrases (Kneser-Ney smoothing of the
# same counts did worse still).
DISCOUNT = 0.1
# A noise floor under every signal, as in any microphone: standard deviation 30 of 32768 (-61 dBFS).
# Where the audio is exactly zero (synthesised speech, a muted or gated input) the log energies the
# decoder normalises on go to minus infinity, its cepstral mean is thrown off and whole phrases are
# lost: on synthesised officer phrases WER was 52 % without it and 31 % with it (sd 1: 39 %, 6: 33 %,
# 12: 31 %, 25-50: 29-30 %, 100: 30 %). Real recordings, which have a floor of their own, do not change.
NOISE_SD = 30.0
# Quiet (the noise floor alone) before and after every utterance. Push-to-talk clips start and stop
# on the words, and a decoder that never hears silence at either end guesses at the first and last
# words: WER 23.7 % without, 20.9 % with 0.15 s, 20.6 % with 0.3 s, 23.4 % with 0.5 s (tuning phrases).
# In a stream it costs the final result 0.3 s of audio to decode (~30 ms).
PAD_SECONDS = 0.3
FRAME_SECONDS = 0.01
# Vocal tract length normalisation: each utterance is also heard with its frequency axis stretched as
# if said by a longer (0.9) or shorter (1.2) vocal tract, and the best-scoring reading wins, so low
# and high voices both meet the acoustic model's average speaker. Each warp is one more decoder
# (0.11 s to load, ~15 MB, the same CPU again). On the tuning phrases: 26.4 % unwarped; 24.9 % choosing
# among 0.9/1.0/1.1/1.2, 25.1 % among 0.9/1.0/1.2; a high synthetic female voice alone went 33 → 30 %.
WARPS = ("1.0", "0.9", "1.2")
# Where live cepstral mean normalisation starts: the mean the decoder settles on after hearing the real
# human recordings in shared/audio. The model's own default (40,3,-1,0,...) is far from any real
# microphone and costs the first utterances of a session dearly (streaming WER 0.79 vs 0.60 measured).
# Chosen among a dozen settings on 36 synthesised officer phrases (WER 0.66 with the defaults):
# scoring 16 Gaussians a frame instead of 4 (0.57) and skipping the flat-lexicon second pass
# (0.53, and faster). Wider beams, other language weights and insertion penalties did not help.
DECODER_SETTINGS = {"topn": 16, "fwdflat": False}
CMN_INIT = "50.33,-5.13,-0.53,5.24,-2.95,-1.01,-3.45,-1.96,-4.33,0.34,-3.12,0.75,0.28"


def _pocketsphinx() -> Any:
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
    key = hashlib.sha256(("\n".join(sentences) + f"|{DISCOUNT}|{shutil.which('espeak-ng') is not None}|v2").encode()).hexdigest()[:16]
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
    unique = f"{os.getpid()}.{id(lm):x}"  # two processes may build the same model at once (bench workers, two app windows)
    tmp_lm = folder / f"officer.lm.{unique}.tmp"
    tmp_dict = folder / f"officer.dict.{unique}.tmp"
    lm.write_file(str(tmp_lm))
    for word, phones in british_variants(vocabulary).items():
        if phones not in pron[word]:
            pron[word].append(phones)
    with tmp_dict.open("w", encoding="utf-8") as fh:
        for word in vocabulary:
            for i, phones in enumerate(pron[word]):
                fh.write(f"{word if i == 0 else f'{word}({i + 1})'} {phones}\n")
    tmp_lm.replace(lm_path)
    tmp_dict.replace(dict_path)
    return lm_path, dict_path, len(vocabulary)


def _pad() -> bytes:
    return bytes(2 * int(SAMPLE_RATE * PAD_SECONDS))


class NoiseFloor:
    """Adds the NOISE_SD floor to 16-bit PCM, chunk by chunk (seeded, so a clip always decodes the same)."""

    def __init__(self, sd: float = NOISE_SD, seed: int = 0) -> None:
        import numpy

        self._np = numpy
        self._sd, self._rng, self._carry = sd, numpy.random.default_rng(seed), b""

    def __call__(self, pcm: bytes) -> bytes:
        np = self._np
        pcm, self._carry = self._carry + pcm, b""
        if len(pcm) % 2:
            pcm, self._carry = pcm[:-1], pcm[-1:]
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float64) + self._rng.normal(0.0, self._sd, len(pcm) // 2)
        noisy: bytes = np.clip(np.round(x), -32768, 32767).astype("<i2").tobytes()
        return noisy


class InProcessSphinx:
    """pocketsphinx with the officer language model, one decoder per WARPS, in this process. One utterance at a time.

    Its decoding holds the interpreter lock for as long as it runs (pocketsphinx's Python binding never releases
    it), so in the app it lives in a process of its own behind ``SphinxRecognizer``; the child process
    (``sphinx_child.serve``) is what runs this class.
    """

    def __init__(self, extra_phrases: list[str] | None = None, cache: Path | None = None, warps: tuple[str, ...] = WARPS) -> None:
        ps = _pocketsphinx()
        lm, dictionary, words = build_language_model(extra_phrases, cache)
        hmm = os.path.join(ps.get_model_path(), "en-us", "en-us")
        try:
            self._decoders = [ps.Decoder(hmm=hmm, lm=str(lm), dict=str(dictionary), loglevel="FATAL", cmninit=CMN_INIT,
                                         warp_type="inverse_linear", warp_params=warp, **DECODER_SETTINGS) for warp in warps]
        except RuntimeError as exc:
            raise EngineUnavailable(f"pocketsphinx could not start ({exc}); delete {lm.parent} to rebuild its language model") from None
        self.vocabulary_size = words
        self.info = engine_info(words)

    def stream(self) -> SphinxStream:
        return SphinxStream(self._decoders)

    def transcribe_clip(self, pcm: bytes) -> Transcript:
        """A whole recording at once: cepstral mean normalisation over the full clip, not adapted live.

        Live streams start from the model's average voice and adapt as they go, which costs the
        first utterance dearly; for a file we can see all of it first.
        """
        padded = NoiseFloor()(_pad() + pcm + _pad())
        for decoder in self._decoders:
            decoder.set_cmn(CMN_INIT)  # each file on its own: the same clip always reads the same
            decoder.start_utt()
            decoder.process_raw(padded, False, True)
            decoder.end_utt()
        return _best_reading(self._decoders)


class SphinxStream:
    """One utterance fed to every warp's decoder as it arrives; partial text from the unwarped one."""

    def __init__(self, decoders: list[Any]) -> None:
        self._decoders = decoders
        self._floor = NoiseFloor()
        self._partial = ""
        pad = self._floor(_pad())
        for decoder in decoders:
            decoder.start_utt()
            decoder.process_raw(pad, False, False)

    def accept(self, pcm: bytes) -> str | None:
        if not pcm:
            return None
        pcm = self._floor(pcm)
        for decoder in self._decoders:
            decoder.process_raw(pcm, False, False)
        hyp = self._decoders[0].hyp()
        text = hyp.hypstr if hyp else ""
        if text != self._partial:
            self._partial = text
            return text
        return None

    def finish(self) -> Transcript:
        pad = self._floor(_pad())
        for decoder in self._decoders:
            decoder.process_raw(pad, False, False)
            decoder.end_utt()
        return _best_reading(self._decoders)


def engine_info(words: int) -> EngineInfo:
    """What the built-in engine declares, the same in this process and in its child."""
    return EngineInfo("builtin", ("en-us",), SAMPLE_RATE, streams_partials=True, vocabulary_biasing=True,
                      description=f"pocketsphinx with an officer-speech language model ({words} words)", model="pocketsphinx en-us")


class SphinxRecognizer:
    """The built-in engine as the app sees it: ``InProcessSphinx`` running in a child process of its own.

    The same interface and results as the in-process engine (``info``, ``stream()``, ``transcribe_clip``,
    ``vocabulary_size``); the constructor waits until the child has loaded its decoders and raises
    EngineUnavailable when it cannot. If the child dies (killed, out of memory, a crash in the C library) the call
    that finds it raises ``SpeechProcessDied`` — the listener reports it and is restarted by the app — and a new
    child is started at once, so the next utterance is heard again.
    """

    def __init__(self, extra_phrases: list[str] | None = None, cache: Path | None = None, warps: tuple[str, ...] = WARPS) -> None:
        from simulator.speech.sphinx_process import SphinxProcess

        self._process = SphinxProcess(extra_phrases, cache, warps)
        self.vocabulary_size = self._process.wait_ready()
        self.info = engine_info(self.vocabulary_size)

    @property
    def process_id(self) -> int | None:
        """The decoding child's pid (None between a death and the next start)."""
        return self._process.pid

    @property
    def restarts(self) -> int:
        """How many times the child died and was started again."""
        return self._process.restarts

    def stream(self) -> SphinxProcessStream:
        from simulator.speech.sphinx_process import SphinxProcessStream

        return SphinxProcessStream(self._process)

    def transcribe_clip(self, pcm: bytes) -> Transcript:
        """A whole recording at once (see ``InProcessSphinx.transcribe_clip``), decoded in the child."""
        heard: Transcript = self._process.call("clip", pcm)
        return heard

    def close(self) -> None:
        """Stop the child now (it also stops when this object is collected, or with the app)."""
        self._process.close()


def _best_reading(decoders: list[Any]) -> Transcript:
    """The finished decoders' best-scoring hypothesis, as timed words in the caller's (unpadded) audio."""
    scored = [(hyp.score, i) for i, d in enumerate(decoders) if (hyp := d.hyp()) is not None and hyp.hypstr]
    if not scored:
        return Transcript("")
    decoder = decoders[max(scored)[1]]
    logmath = decoder.logmath
    words = []
    for seg in decoder.seg():
        w = seg.word
        if w.startswith(("<", "[", "+")) or w in ("<s>", "</s>", "<sil>"):
            continue
        conf = min(1.0, max(0.0, logmath.exp(seg.prob))) if seg.prob else 1.0
        start = max(0.0, seg.start_frame * FRAME_SECONDS - PAD_SECONDS)
        words.append(Word(w.split("(")[0], conf, start, max(start, (seg.end_frame + 1) * FRAME_SECONDS - PAD_SECONDS)))
    return Transcript(" ".join(w.word for w in words) or decoder.hyp().hypstr, tuple(words))
