"""The accurate engine: Moonshine base (English) run by ONNX Runtime, gated by voice activity.

Why Moonshine and not Whisper (measured on this 2-core machine, see the
README): the same accuracy as Whisper base (4 % WER on the real recordings)
at about a quarter of the decoding time, because Moonshine's encoder works on
the utterance's own length instead of a padded 30-second window. Whisper
tiny.en, the only Whisper that fits the latency budget, is 3–4 points worse.

How it is kept honest and fast:
- Only audio that Silero VAD calls speech is decoded; an utterance with less
  than ``MIN_SPEECH_S`` of speech gives no words at all (Moonshine, like
  Whisper, would otherwise write a sentence for a cough or a passing lorry).
  The token budget is tied to the speech's duration (``TOKENS_PER_SECOND``),
  which stops the repetition loops these models fall into on noise.
- Quiet padding at both ends, so a push-to-talk clip that starts or ends
  mid-word keeps the word.
- A stream decodes each stretch of speech as soon as the speaker pauses
  (voice-activity chunks, on a worker thread), so on release only the last
  stretch is left to decode; partial captions come from the chunks decoded so
  far plus a cancellable re-decoding of the open one.
- Confidence: every token's probability under the model; a word's confidence
  is the geometric mean over its tokens, the utterance's over all of them.
- Domain words (the scenario's names and places) are favoured by shallow
  fusion: while decoding, tokens that continue one of those words get a bonus
  to their log-probability (``BIAS``), so "Dashawn" wins over "the shawn" when
  the audio allows either. The reported confidence is the model's own.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.paths import user_cache_dir
from simulator.speech.recognition import EngineInfo, EngineUnavailable, Transcript, Word
from simulator.speech.vad import FRAME_SAMPLES, FRAME_SECONDS, VadConfig, VoiceActivity, speech_regions

SAMPLE_RATE = 16000
MODEL_FILES = ("encoder_model", "decoder_model_merged")
TOKENIZER = "tokenizer.bin"
BOS, EOS = 1, 2
WORD_START = "\u2581"  # SentencePiece's space marker
# Moonshine's authors cap generation at ~6.5 tokens a second of audio; officer speech runs at 3–4
# words (4–6 tokens) a second. A cap is what ends a hallucinated repetition loop.
TOKENS_PER_SECOND = 6.5
# Less speech than this (Silero frames above threshold) is not an utterance: a cough is ~0.2–0.4 s of
# broadband noise that Silero mostly rejects frame by frame; what slips through is short.
MIN_SPEECH_S = 0.3
# An utterance whose tokens average below this probability, and which is short, is the model
# guessing at noise rather than hearing words (real speech averages 0.8–0.95 here).
MIN_CONFIDENCE = 0.45
# Moonshine sometimes ends at once on clear speech (probability of ending before the first word 0.5-0.9 on 4 of
# 442 tuning clips, "Calm down, sir. Just calm down." among them); letting that empty reading compete in the
# re-ranking lost every word of those clips. As Whisper does (no_speech_threshold 0.6, logprob_threshold -1): the
# first word is always decoded, and the stretch is taken for no speech only when the model both expected to end
# at once and is unsure of the words it wrote.
NO_SPEECH_P = 0.6
NO_SPEECH_CONFIDENCE = math.exp(-1.0)  # mean token probability
PAD_SECONDS = 0.3  # quiet added before and after the speech decoded
NOISE_SD = 30.0 / 32768  # the quiet padding is a microphone's noise floor, not digital zero
# A stream cuts a chunk for early decoding after this much silence following at least MIN_CHUNK_S
# of speech; the cut is placed in the middle of the silence.
CHUNK_PAUSE_S = 0.35
MIN_CHUNK_S = 1.0
PARTIAL_EVERY_S = 0.8  # how often the open stretch is re-decoded for the live caption
BIAS = 2.5  # log-probability bonus for tokens continuing a domain word (nats)
# Beam search keeps the BEAM best readings; they are re-ranked with the officer language model. Re-chosen once
# the language model had grown, on two tuning sets the benchmark never uses (the 142 dev tuning phrases, and 285
# officer lines written separately for this, tuning_phrases_b.txt): WER 14.1 % / 14.0 % at the old LM_WEIGHT 0.25,
# WORD_BONUS 2.5, and a plateau of 11.5–12.9 % from LM_WEIGHT 0.5 up with WORD_BONUS 1–2 (the bonus offsets the
# LM's preference for short readings). The low end of the plateau is kept: more weight on an officer LM costs
# words on speech outside it. The best of the 4 readings would score 9.7 % / 11.0 % (re-ranking is near that
# ceiling); 8 readings lower it by ~1–2 points at ~1.7× the decoding time, over the latency budget on two cores.
# 2026-12-04, second round (same two tuning sets, 442 clips): ending-at-once no longer a reading and one hypothesis
# per sequence of words (RECOMBINE) took them 12.4 % -> 11.5 % and the 4-best oracle 10.3 % -> 9.3 %; the weights
# are still on a plateau (best grid point 11.1 %, LM_WEIGHT 0.5, WORD_BONUS 0.5: not worth moving); 0.15 s of
# quiet padding instead of 0.3 s: 11.75 % (better on one set, worse on the other), kept at 0.3.
DOMAIN_MATCH = 0.72  # sound-spelling similarity (difflib ratio, see _sounds) at which an unknown word is taken for a domain word
# 2026-12-07 (the officer LM grown by two corpora, h and i): BEAM 4 / 6 / 8 gave 11.77 % / 11.01 % / 10.18 % WER on the
# same two tuning sets, for 147 / 168 / 187 s of CPU over the 442 clips. The widest beam whose probe fits the latency
# budget on the machine is used (policy.fit_beam tries BEAMS in order); BEAM is what a recogniser starts with.
BEAM = 8
BEAMS = (8, 6, 4)
RECOMBINE = True
READINGS = 4  # how many of the distinct finished readings the language model chooses among (at least BEAM)
LM_WEIGHT = 0.5
WORD_BONUS = 1.5
MAX_BIAS_WORDS = 300


class Tokenizer:
    """Moonshine's tokenizer.bin: for each token id in order, its length (a varint) then its UTF-8 bytes."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        pieces: list[bytes] = []
        i = 0
        while i < len(data):
            n = data[i]
            i += 1
            if n >= 128:
                n = (n & 0x7F) | (data[i] << 7)
                i += 1
            pieces.append(data[i : i + n])
            i += n
        if len(pieces) < 1000 or pieces[BOS] != b"<s>" or pieces[EOS] != b"</s>":
            raise EngineUnavailable(f"{path} is not a Moonshine tokenizer (expected <s> and </s> as tokens 1 and 2)")
        self.pieces = pieces
        self._ids = {p: i for i, p in enumerate(pieces) if p}
        self._longest = max(len(p) for p in pieces)

    def text(self, ids: list[int]) -> str:
        raw = b"".join(self.pieces[i] for i in ids if 2 < i < len(self.pieces))
        return raw.decode("utf-8", "replace").replace(WORD_START, " ").strip()

    def starts_word(self, token: int) -> bool:
        return self.pieces[token].startswith(WORD_START.encode()) if token < len(self.pieces) else False

    def encode_word(self, word: str) -> list[int] | None:
        """Greedy longest-match pieces for ``word`` as it would start a word (None if it cannot be spelled)."""
        data = (WORD_START + word).encode()
        out: list[int] = []
        i = 0
        while i < len(data):
            for n in range(min(self._longest, len(data) - i), 0, -1):
                token = self._ids.get(data[i : i + n])
                if token is not None and token > 2:
                    out.append(token)
                    i += n
                    break
            else:
                return None
        return out


@dataclass(frozen=True)
class Decoded:
    """What the model wrote for one stretch of audio: token ids with their (unbiased) log-probabilities."""

    tokens: tuple[int, ...]
    logprobs: tuple[float, ...]
    offset_s: float  # where the stretch starts in the utterance
    duration_s: float
    no_speech: float = 0.0  # the model's probability of ending before its first word (see NO_SPEECH_P)


class BiasTrie:
    """Token sequences of the domain words; ``next(prefix)`` is the tokens that continue one of them."""

    def __init__(self, sequences: list[list[int]]) -> None:
        self._next: dict[tuple[int, ...], set[int]] = {}
        for seq in sequences:
            for i in range(len(seq)):
                self._next.setdefault(tuple(seq[:i]), set()).add(seq[i])
        self.words = len(sequences)

    def candidates(self, prefix: tuple[int, ...]) -> set[int]:
        return self._next.get(prefix, set())


def _sounds(word: str) -> str:
    """A rough sound-spelling of ``word`` for comparing a made-up spelling with a name: letters that spell one
    sound alike are folded ("O'Caffer" and "Okafor" → "okafer", "okafor"), doubled letters and apostrophes dropped."""
    w = word.replace("'", "").replace("ph", "f").replace("ck", "k").replace("q", "k").replace("c", "k").replace("z", "s")
    return re.sub(r"(.)\1+", r"\1", w)


def bias_words(phrases: list[str]) -> list[str]:
    """The words worth favouring: names and places — capitalised inside a sentence, at least three letters, and not
    an ordinary word that merely starts a quoted line (one also written in lower case in the phrases)."""
    lower = {w for p in phrases for w in re.findall(r"\b[a-z][a-z']+\b", p)}
    words: dict[str, None] = {}
    for phrase in phrases:
        for sentence in re.split(r"(?<=[.!?])\s+|\n", phrase):
            tokens = re.findall(r"[A-Za-z][A-Za-z'\-]*", sentence)
            for i, token in enumerate(tokens):
                w = re.sub(r"'(s|ll|d|re|ve)$", "", token)
                if i > 0 and len(w) >= 3 and w[0].isupper() and not w.isupper() and "'" not in w and w.lower() not in lower:
                    words.setdefault(w, None)
    return list(words)[:MAX_BIAS_WORDS]


def _prepared(source: Path, work: Path) -> Path:
    """``source`` (.ort or .onnx) made fast for this runtime, cached: rebuilt as ONNX (an .ort file is never
    re-optimised), constant-folded (the int8 weights expanded once, not at every step), and its matrix products
    quantised back to int8 with ONNX Runtime's dynamic quantisation. Measured on this machine: a 3-second
    utterance's decode 0.3 s instead of 0.7 s (float) or 1.3 s (the .ort as published), with the same words
    (WER 3.96 % on the real recordings either way). Takes ~12 s once per model."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    digest = hashlib.sha256()
    with source.open("rb") as fh:  # by content, so a copy of the same model (a lab's second install) reuses the work
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    key = hashlib.sha256(f"{digest.hexdigest()}|{ort.__version__}|v2".encode()).hexdigest()[:16]
    target = work / key / f"{source.stem}.int8.onnx"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    onnx_file = source
    if source.suffix == ".ort":
        from simulator.speech.ort_format import OrtFormatError, convert

        try:
            onnx_file = convert(source, target.parent / f"{source.stem}.onnx")
        except OrtFormatError as exc:
            raise EngineUnavailable(f"the Moonshine model file {source} cannot be read: {exc}") from None
    folded = target.parent / f"{source.stem}.folded.onnx"
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.optimized_model_filepath = str(folded)
    options.log_severity_level = 3
    ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
    tmp = target.with_name(f".{target.name}.tmp")
    import logging

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # quantize_dynamic logs a warning for every node it leaves alone
    try:
        quantize_dynamic(str(folded), str(tmp), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"], extra_options={"EnableSubgraph": True})
    finally:
        root.setLevel(level)
    tmp.replace(target)
    for leftover in (folded, target.parent / f"{source.stem}.onnx"):
        if leftover != source:
            leftover.unlink(missing_ok=True)
    return target


def _onnx_files(folder: Path) -> tuple[Path, Path]:
    """The model's encoder and decoder, prepared for speed (``_prepared``) from its .onnx or .ort files."""
    work = user_cache_dir() / "moonshine-prepared"
    files = []
    for m in MODEL_FILES:
        source = folder / f"{m}.onnx" if (folder / f"{m}.onnx").is_file() else folder / f"{m}.ort"
        files.append(_prepared(source, work))
    return files[0], files[1]


def prepare(folder: Path) -> None:
    """Do the one-time preparation now (at install), so the first session does not wait for it."""
    _onnx_files(folder)


def check_model_dir(folder: Path) -> str:
    """Empty if ``folder`` holds a Moonshine model (encoder, merged decoder, tokenizer), else what is wrong."""
    if not folder.is_dir():
        return f"{folder} is not a folder"
    missing = [f"{m}.ort" for m in MODEL_FILES if not (folder / f"{m}.ort").is_file() and not (folder / f"{m}.onnx").is_file()]
    if not (folder / TOKENIZER).is_file():
        missing.append(TOKENIZER)
    if missing:
        return f"{folder} has no {', '.join(missing)}: not a Moonshine model, or not completely copied"
    return ""


_SESSIONS: dict[tuple[str, str, int], tuple[Any, Any]] = {}
_SESSIONS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=2)
def _tokenizer(path: Path) -> Tokenizer:
    """One tokenizer per model, shared like the sessions (it only reads): ~7 MB of pieces per recogniser otherwise."""
    return Tokenizer(path)


def _sessions(encoder: Path, decoder: Path, options: Any, folder: Path) -> tuple[Any, Any]:
    """The model's two ONNX Runtime sessions, loaded once per process and shared by every recogniser.

    A recogniser is made per scenario (its domain words and language model differ), but the
    model does not: loading it again for each scenario of a class period held one more copy of
    its ~400 MB each time the app cached a recogniser. ONNX Runtime sessions are safe to run
    from several threads.
    """
    import onnxruntime as ort

    key = (str(encoder), str(decoder), options.intra_op_num_threads)
    with _SESSIONS_LOCK:
        if key not in _SESSIONS:
            try:
                _SESSIONS[key] = (ort.InferenceSession(str(encoder), options, providers=["CPUExecutionProvider"]),
                                  ort.InferenceSession(str(decoder), options, providers=["CPUExecutionProvider"]))
            except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph types
                raise EngineUnavailable(f"ONNX Runtime cannot load the Moonshine model in {folder}: {exc}") from None
        return _SESSIONS[key]


class MoonshineRecognizer:
    """Moonshine base through ONNX Runtime. Load once (≈1–2 s); ``stream()`` per utterance."""

    BEAMS = BEAMS  # the beams the latency policy may choose among, widest first

    def __init__(self, folder: str | Path, phrases: list[str] | None = None, threads: int | None = None,
                 beam: int = BEAM, language_model: bool = True) -> None:
        try:
            import numpy as np
            import onnxruntime as ort
        except ImportError:
            raise EngineUnavailable("onnxruntime is not installed: .venv/bin/pip install onnxruntime") from None
        self.folder = Path(folder)
        problem = check_model_dir(self.folder)
        if problem:
            raise EngineUnavailable(problem)
        self._np = np
        self._ort = ort
        encoder, decoder = _onnx_files(self.folder)
        options = ort.SessionOptions()
        # One thread: on a 2-core machine shared with the app (and here, with other programs), ONNX Runtime's
        # second thread spin-waits against everything else; measured 0.3 s per 3-s utterance with one thread,
        # 0.6–1.5 s with two.
        options.intra_op_num_threads = threads or 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._encoder, self._decoder = _sessions(encoder, decoder, options, self.folder)
        self.tokenizer = _tokenizer(self.folder / TOKENIZER)
        self._past_names = [i.name for i in self._decoder.get_inputs() if i.name.startswith("past_key_values.")]
        self._present_names = [o.name for o in self._decoder.get_outputs()][1:]
        self._heads, self._head_dim = self._decoder.get_inputs()[2].shape[1], self._decoder.get_inputs()[2].shape[3]
        self.bias_words = bias_words(phrases or [])
        self._domain_cache: dict[str, str] = {}
        self._bias = self._make_bias(self.bias_words)
        self.vad_config = VadConfig()
        self.beam = max(1, beam)
        self.lm = None
        if language_model and self.beam > 1:
            from simulator.speech.domain_lm import officer_lm

            self.lm = officer_lm(phrases)
        self._lock = threading.Lock()  # one decode at a time: two would only share the same two cores
        self.info = EngineInfo(
            "moonshine", ("en",), SAMPLE_RATE, streams_partials=True, vocabulary_biasing=True,
            description=f"Moonshine base, ONNX Runtime, {options.intra_op_num_threads} threads; VAD-gated"
                        + (f"; {len(self.bias_words)} domain words favoured" if self.bias_words else ""),
            model=self.folder.name,
        )
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="moonshine")

    def _make_bias(self, words: list[str]) -> BiasTrie | None:
        sequences = []
        for w in words:
            for form in {w, w.lower(), w.capitalize()}:
                seq = self.tokenizer.encode_word(form)
                if seq and len(seq) >= 1:
                    sequences.append(seq)
        return BiasTrie(sequences) if sequences else None

    # -- decoding ------------------------------------------------------------------
    def decode(self, x: Any, offset_s: float = 0.0, run_options: Any = None, bias: bool = True, beam: int | None = None) -> Decoded:
        """Beam search over float samples ``x`` (16 kHz, padded by the caller), the ``beam`` best readings re-ranked
        by acoustic score + LM_WEIGHT × the officer language model + WORD_BONUS a word (see domain_lm.py)."""
        readings, no_speech = self._beam_search(x, beam or self.beam, run_options, self._bias if bias else None)
        if self.lm is not None and len(readings) > 1:
            from simulator.speech.corpus import words_of

            def total(r: tuple[tuple[int, ...], tuple[float, ...], float]) -> float:
                # scored as it will be written: a near-miss spelling of a scenario name counts as the name, so the
                # language model (which has the scenario's phrases) can prefer "Mrs. Okafor" to "Mrs. Ocather"
                words = [self.domain_word(w).lower() for w in words_of(self.tokenizer.text(list(r[0])))]
                return r[2] + LM_WEIGHT * self.lm.score(words) + WORD_BONUS * len(words)  # type: ignore[union-attr]

            best = max(readings, key=total)
        else:
            best = max(readings, key=lambda r: r[2] / max(1, len(r[0])))
        return Decoded(best[0], best[1], offset_s, len(x) / SAMPLE_RATE, no_speech)

    def _beam_search(self, x: Any, beam: int, run_options: Any, trie: BiasTrie | None) -> tuple[list[tuple[tuple[int, ...], tuple[float, ...], float]], float]:
        """The ``beam`` best (tokens, token log-probabilities, score) readings, and the model's probability of ending
        at once (no words). Hypotheses share one batched decoder run a step. The score adds the domain-word bonus;
        the token log-probabilities are the model's own. Ending before the first word is not one of the readings
        (Whisper's ``suppress_blank``): whether there is speech at all is decided from that probability and the
        reading's confidence together (``decode_speech``), not by letting an empty reading compete."""
        np = self._np
        limit = max(4, math.ceil(len(x) / SAMPLE_RATE * TOKENS_PER_SECOND))
        with self._lock:
            hidden = self._encoder.run(None, {"input_values": x[None, :].astype(np.float32)}, run_options)[0]
            empty = np.zeros((1, self._heads, 0, self._head_dim), np.float32)
            past = {n: empty for n in self._past_names}
            # (tokens, logprobs, score, bias prefix)
            live: list[tuple[tuple[int, ...], tuple[float, ...], float, tuple[int, ...]]] = [((), (), 0.0, ())]
            finished: list[tuple[tuple[int, ...], tuple[float, ...], float]] = []
            no_speech = 0.0
            for step in range(limit):
                n = len(live)
                last = np.array([[h[0][-1] if h[0] else BOS] for h in live], np.int64)
                out = self._decoder.run(None, {"input_ids": last, "encoder_hidden_states": np.repeat(hidden, n, axis=0),
                                               "use_cache_branch": np.array([step > 0]), **past}, run_options)
                logits = out[0][:, -1].astype(np.float64)
                top = logits.max(axis=1, keepdims=True)
                logp = logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
                if step == 0:
                    no_speech = float(np.exp(logp[0, EOS]))
                    logp[:, EOS] = -np.inf
                candidates = []
                for i, (_tokens, _lps, score, prefix) in enumerate(live):
                    best = np.argpartition(-logp[i], beam)[: beam + 1]
                    extra: dict[int, float] = {}
                    if trie is not None:
                        for k in trie.candidates(prefix):
                            if prefix or self.tokenizer.starts_word(k):
                                extra[k] = BIAS
                    for k in {*map(int, best), *extra}:
                        candidates.append((score + logp[i, k] + extra.get(k, 0.0), i, k, float(logp[i, k])))
                candidates.sort(key=lambda c: -c[0])
                kept, origin = [], []
                seen: set[str] = set()
                for score, i, k, lp in candidates:
                    tokens, lps, _old, prefix = live[i]
                    if k == EOS:
                        finished.append((tokens, lps, score))
                        continue
                    if RECOMBINE:
                        key = self.words_key((*tokens, k))
                        if key in seen:  # the same words as a better hypothesis, punctuated or capitalised otherwise
                            continue
                        seen.add(key)
                    grown = (*prefix, k)
                    if trie is not None:
                        prefix = grown if trie.candidates(grown) else ((k,) if trie.candidates((k,)) else ())
                    kept.append(((*tokens, k), (*lps, lp), score, prefix))
                    origin.append(i)
                    if len(kept) >= beam:
                        break
                outputs = dict(zip(self._present_names, out[1:]))
                old, past = past, {}
                for name in self._past_names:  # each kept hypothesis takes its parent's cache
                    source = outputs[name.replace("past_key_values.", "present.")] if step == 0 or ".decoder." in name else old[name]
                    past[name] = source[origin]
                live = kept
                if not live or (len(finished) >= beam and max(f[2] for f in finished) > max(h[2] for h in live)):
                    break
        finished += [(t, lp, sc) for t, lp, sc, _p in live]
        ranked = sorted(finished, key=lambda f: -f[2] / max(1, len(f[0])))
        if RECOMBINE:
            distinct: dict[str, tuple[tuple[int, ...], tuple[float, ...], float]] = {}
            for f in ranked:
                distinct.setdefault(self.words_key(f[0]), f)
            ranked = list(distinct.values())
        return ranked[: max(beam, READINGS)], no_speech

    def words_key(self, tokens: tuple[int, ...]) -> str:
        """The words of ``tokens`` without case or punctuation: two readings with the same key say the same thing."""
        return " ".join(re.sub(r"[^\w']+", " ", self.tokenizer.text(list(tokens)).lower()).split())

    def decode_steps(self, x: Any, steps: int) -> None:
        """Encode ``x`` and run exactly ``steps`` decoder steps for a full beam, whatever the model writes: a fixed
        amount of work for timing this machine (policy.probe_final_ms), free of what the audio says."""
        np = self._np
        with self._lock:
            hidden = self._encoder.run(None, {"input_values": x[None, :].astype(np.float32)})[0]
            empty = np.zeros((1, self._heads, 0, self._head_dim), np.float32)
            past = {k: empty for k in self._past_names}
            last = np.full((1, 1), BOS, np.int64)
            for step in range(steps):
                out = self._decoder.run(None, {"input_ids": last, "encoder_hidden_states": np.repeat(hidden, len(last), axis=0),
                                               "use_cache_branch": np.array([step > 0]), **past})
                outputs = dict(zip(self._present_names, out[1:]))
                keep = [0] * self.beam if step == 0 else list(range(self.beam))
                past = {k: (outputs[k.replace("past_key_values.", "present.")] if step == 0 or ".decoder." in k else past[k])[keep]
                        for k in self._past_names}
                last = np.full((self.beam, 1), 13, np.int64)

    def padded(self, pcm: bytes) -> Any:
        """16-bit PCM as float samples with quiet (a noise floor) before and after."""
        np = self._np
        x = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
        rng = np.random.default_rng(len(pcm))
        pad = int(PAD_SECONDS * SAMPLE_RATE)
        quiet = (rng.standard_normal(len(x) + 2 * pad) * NOISE_SD).astype(np.float32)
        quiet[pad : pad + len(x)] += x
        return quiet

    def transcript(self, parts: list[Decoded]) -> Transcript:
        """Join decoded stretches into one transcript with per-word and per-utterance confidence."""
        words: list[Word] = []
        all_logprobs: list[float] = []
        texts = []
        for part in parts:
            if not part.tokens:
                continue
            texts.append(self.tokenizer.text(list(part.tokens)))
            all_logprobs += part.logprobs
            groups: list[tuple[list[int], list[float]]] = []
            for token, lp in zip(part.tokens, part.logprobs):
                if not groups or self.tokenizer.starts_word(token):
                    groups.append(([], []))
                groups[-1][0].append(token)
                groups[-1][1].append(lp)
            spoken = [(self.tokenizer.text(ids), lps) for ids, lps in groups]
            spoken = [(re.sub(r"^[^\w']+|[^\w']+$", "", w), lps) for w, lps in spoken]
            spoken = [(w, lps) for w, lps in spoken if w]
            # Moonshine gives no timings: words are spread over the stretch in proportion to their length.
            total = sum(len(w) + 1 for w, _ in spoken) or 1
            t = part.offset_s
            span = max(0.0, part.duration_s - 2 * PAD_SECONDS)
            for w, lps in spoken:
                length = span * (len(w) + 1) / total
                named = self.domain_word(w)
                if named != w:
                    texts[-1] = re.sub(rf"\b{re.escape(w)}\b", named, texts[-1], count=1)
                words.append(Word(named, math.exp(sum(lps) / len(lps)), round(t, 3), round(t + length, 3)))
                t += length
        text = " ".join(t for t in texts if t)
        confidence = math.exp(sum(all_logprobs) / len(all_logprobs)) if all_logprobs else 0.0
        return Transcript(text, tuple(words), confidence=confidence)

    def domain_word(self, word: str) -> str:
        """``word``, or the scenario's name it is a near-miss spelling of ("Okaffer" → "Okafor").

        Sub-word biasing only helps when the model's first pieces of a word agree with ours; a name it has never
        seen often comes out as a made-up spelling instead. A written word that is no word of English officer speech
        (unknown to the language model, so not "Mel" for "Bell") and is spelled within ~25 % of a domain word is
        taken to be that word."""
        if not self.bias_words or len(word) < 4 or (self.lm is not None and self.lm.word_count(word.lower()) >= 2):
            return word
        cached = self._domain_cache.get(word)
        if cached is not None:
            return cached
        from difflib import SequenceMatcher

        low = word.lower()
        heard = _sounds(low)
        best, score = word, 0.0
        for name in self.bias_words:
            ratio = SequenceMatcher(None, heard, _sounds(name.lower())).ratio()
            if ratio > score:
                best, score = name, ratio
        found = best if score >= DOMAIN_MATCH and best.lower() != low else word
        if len(self._domain_cache) < 10_000:  # every reading of every stretch asks again: answer once per word
            self._domain_cache[word] = found
        return found

    def speech_probabilities(self, pcm: bytes) -> list[float]:
        vad = VoiceActivity()
        return vad.feed(pcm)

    def decode_speech(self, pcm: bytes, probs: list[float], offset_s: float = 0.0, run_options: Any = None) -> Decoded | None:
        """Decode the span of ``pcm`` that holds speech, or None when there is not enough of it."""
        regions = speech_regions(probs, self.vad_config)
        speech_s = sum(b - a for a, b in regions) * FRAME_SECONDS
        if speech_s < MIN_SPEECH_S:
            return None
        pad = round(self.vad_config.pad_s / FRAME_SECONDS)
        first = max(0, regions[0][0] - pad) * FRAME_SAMPLES
        last = min(len(pcm) // 2, (regions[-1][1] + pad) * FRAME_SAMPLES)
        decoded = self.decode(self.padded(pcm[2 * first : 2 * last]), offset_s + first / SAMPLE_RATE - PAD_SECONDS, run_options)
        if not decoded.tokens:
            return None
        mean_p = math.exp(sum(decoded.logprobs) / len(decoded.logprobs))
        if mean_p < MIN_CONFIDENCE and speech_s < 1.5:  # a short burst the model could not read: noise, not words
            return None
        if decoded.no_speech > NO_SPEECH_P and mean_p < NO_SPEECH_CONFIDENCE:
            return None
        return decoded

    def transcribe_clip(self, pcm: bytes) -> Transcript:
        """A whole clip: speech found by VAD, decoded in stretches of at most ~20 s split at the longest pauses."""
        probs = self.speech_probabilities(pcm)
        pieces = _split_long(speech_regions(probs, self.vad_config), max_frames=round(20 / FRAME_SECONDS))
        parts = []
        for a, b in pieces:
            lo, hi = a * FRAME_SAMPLES * 2, b * FRAME_SAMPLES * 2
            decoded = self.decode_speech(pcm[lo:hi], probs[a:b], a * FRAME_SECONDS)
            if decoded is not None:
                parts.append(decoded)
        return self.transcript(parts)

    def stream(self) -> MoonshineStream:
        return MoonshineStream(self)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def _split_long(regions: list[tuple[int, int]], max_frames: int) -> list[tuple[int, int]]:
    """Group speech regions into pieces of at most ``max_frames`` (cut in the gaps), each with its gaps kept."""
    if not regions:
        return []
    pieces: list[tuple[int, int]] = []
    start, end = regions[0]
    for a, b in regions[1:]:
        if b - start > max_frames:
            pieces.append((max(0, start - 8), (end + a) // 2))
            start = (end + a) // 2
        end = b
    pieces.append((max(0, start - 8), end + 8))
    return pieces


class MoonshineStream:
    """One utterance: stretches of speech are decoded on a worker thread as soon as the speaker pauses."""

    def __init__(self, engine: MoonshineRecognizer) -> None:
        self._engine = engine
        self._vad = VoiceActivity()
        self._pcm = bytearray()
        self._probs: list[float] = []
        self._cut = 0  # frame where the not-yet-decoded stretch starts
        self._chunks: list[Future[Decoded | None]] = []
        self._partial_job: Future[Decoded | None] | None = None
        self._partial_options: Any = None
        self._partial_at = 0.0
        self._open_text = ""
        self._shown = ""

    def accept(self, pcm: bytes) -> str | None:
        self._pcm += pcm
        self._probs += self._vad.feed(pcm)
        frames = len(self._probs)
        open_probs = self._probs[self._cut :]
        pause = round(CHUNK_PAUSE_S / FRAME_SECONDS)
        tail_quiet = len(open_probs) >= pause and max(open_probs[-pause:]) < self._engine.vad_config.release
        if tail_quiet and sum(p >= self._engine.vad_config.threshold for p in open_probs) * FRAME_SECONDS >= MIN_CHUNK_S:
            cut = frames - pause // 2
            self._submit_chunk(self._cut, cut)
            self._cut = cut
            self._open_text = ""
        elif frames * FRAME_SECONDS - self._partial_at >= PARTIAL_EVERY_S and (self._partial_job is None or self._partial_job.done()):
            self._collect_partial()
            if any(p >= self._engine.vad_config.threshold for p in open_probs):
                self._partial_at = frames * FRAME_SECONDS
                self._partial_options = self._engine._ort.RunOptions()
                self._partial_options.log_severity_level = 4  # a caption cancelled for the final is not an error to print
                lo = self._cut * FRAME_SAMPLES * 2
                pcm_open, probs_open, options = bytes(self._pcm[lo:]), list(open_probs), self._partial_options
                self._partial_job = self._engine.executor.submit(self._quiet_decode, pcm_open, probs_open, options)
        return self._caption()

    def _quiet_decode(self, pcm: bytes, probs: list[float], options: Any) -> Decoded | None:
        try:
            return self._engine.decode_speech(pcm, probs, run_options=options)
        except Exception:  # a cancelled partial decode raises inside ONNX Runtime; the final does not depend on it
            return None

    def _submit_chunk(self, first: int, last: int) -> None:
        lo, hi = first * FRAME_SAMPLES * 2, last * FRAME_SAMPLES * 2
        pcm, probs = bytes(self._pcm[lo:hi]), self._probs[first:last]
        self._chunks.append(self._engine.executor.submit(self._engine.decode_speech, pcm, probs, first * FRAME_SECONDS))

    def _collect_partial(self) -> None:
        if self._partial_job is not None and self._partial_job.done():
            decoded = self._partial_job.result()
            self._open_text = self._engine.tokenizer.text(list(decoded.tokens)) if decoded else ""
            self._partial_job = None

    def _caption(self) -> str | None:
        done = [c.result() for c in self._chunks if c.done()]
        if len(done) < len(self._chunks):  # keep the caption in order: only the chunks decoded so far, in sequence
            done = []
            for c in self._chunks:
                if not c.done():
                    break
                done.append(c.result())
        self._collect_partial()
        text = " ".join(t for t in [*(self._engine.tokenizer.text(list(d.tokens)) for d in done if d), self._open_text] if t)
        if text and text != self._shown:
            self._shown = text
            return text
        return None

    def finish(self) -> Transcript:
        if self._partial_job is not None and not self._partial_job.done() and self._partial_options is not None:
            self._partial_options.terminate = True  # the final decode must not wait behind a caption
        self._probs += self._vad.feed(b"\x00" * (-len(self._pcm) % (2 * FRAME_SAMPLES)))
        frames = len(self._probs)
        if frames > self._cut:
            self._submit_chunk(self._cut, frames)
        if len(self._pcm) // 2 > frames * FRAME_SAMPLES and not self._chunks:
            self._submit_chunk(0, frames)
        parts = [d for d in (c.result() for c in self._chunks) if d is not None]
        return self._engine.transcript(parts)
