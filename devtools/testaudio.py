"""Speech to test and measure with: the real recordings in shared/audio, and officer phrases made with espeak-ng.

Synthesised phrases are made at run time (never downloaded), resampled to
16 kHz, and cached by text and voice in a temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from simulator.speech.audio import read_audio, resample
from simulator.speech.pcm import Audio

VOICES = ("en-us", "en-us+f3", "en-gb-x-rp")


@dataclass(frozen=True)
class Clip:
    name: str
    reference: str
    audio: Audio


def shared_dir() -> Path | None:
    """../shared beside the repository (a checkout or CI's clone), if present."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "audio"
        if (parent / "pyproject.toml").exists() and candidate.is_dir():
            return candidate.parent
    return None


def real_recordings() -> list[Clip]:
    """The human recordings in shared/audio with their reference transcripts."""
    root = shared_dir()
    if root is None:
        return []
    clips = []
    for folder, transcription in (("librivox", "transcription"), ("commands", "cards.transcription")):
        text = (root / "audio" / folder / transcription).read_text(encoding="utf-8")
        for m in re.finditer(r"<s>(.*?)</s>\s*\(([^)]+)\)", text):
            wav = root / "audio" / folder / f"{m.group(2).strip()}.wav"
            if wav.exists():
                clips.append(Clip(f"{folder}/{wav.name}", " ".join(m.group(1).split()), resample(read_audio(wav))))
    extra = {"goforward.wav": "go forward ten meters", "something.wav": "go somewhere and do something"}
    for name, ref in extra.items():
        wav = root / "audio" / "commands" / name
        if wav.exists():
            clips.append(Clip(f"commands/{name}", ref, resample(read_audio(wav))))
    return clips


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def synthesize(text: str, voice: str, rate: int = 160, cache: Path | None = None, amplitude: int | None = None, pitch: int | None = None) -> Audio:
    """``text`` spoken by espeak-ng ``voice``, at 16 kHz mono (``amplitude`` 0–200, ``pitch`` 0–99: espeak's own scales)."""
    folder = cache or Path(tempfile.gettempdir()) / "deescalate-espeak-cache"
    folder.mkdir(parents=True, exist_ok=True)
    extra = [] if amplitude is None and pitch is None else [amplitude, pitch]
    key = hashlib.sha256(json.dumps([text, voice, rate, *extra]).encode()).hexdigest()[:20]
    wav = folder / f"{key}.wav"
    if not wav.exists():
        tmp = wav.with_suffix(f".{os.getpid()}.tmp.wav")
        argv = ["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(tmp)]
        argv += ["-a", str(amplitude)] if amplitude is not None else []
        argv += ["-p", str(pitch)] if pitch is not None else []
        subprocess.run([*argv, text], check=True, capture_output=True)
        tmp.replace(wav)
    return resample(read_audio(wav))


# Raised effort, as espeak can make it: louder (amplitude 100 → 190), higher (pitch 50 → 80), faster (160 → 185 wpm),
# the way a stressed officer shouts across a street.
RAISED_EFFORT = {"amplitude": 190, "pitch": 80, "rate": 185}


def raised_effort_clips(phrases: list[str], voices: tuple[str, ...] = VOICES) -> list[Clip]:
    return [Clip(f"{voices[i % len(voices)]}+effort:{i}", p, synthesize(p, voices[i % len(voices)], **RAISED_EFFORT))  # type: ignore[arg-type]
            for i, p in enumerate(phrases)]


def street_noise(samples: int, seed: int = 0):  # type: ignore[no-untyped-def]
    """Street-like background noise (numpy float array, unit RMS): rumbling brown noise (traffic) plus a pink hiss,
    slowly swelling and fading as vehicles pass. Deterministic for a seed."""
    import numpy as np

    rng = np.random.default_rng(seed)
    white = rng.standard_normal(samples + 1)
    brown = np.cumsum(white)[1:]
    brown -= np.convolve(brown, np.ones(801) / 801, mode="same")  # no DC drift
    spectrum = np.fft.rfft(rng.standard_normal(samples))
    spectrum /= np.sqrt(np.arange(1, len(spectrum) + 1))
    pink = np.fft.irfft(spectrum, n=samples)
    mix = brown / (brown.std() or 1) + 0.5 * pink / (pink.std() or 1)
    t = np.arange(samples) / 16000
    mix *= 0.7 + 0.3 * np.sin(2 * np.pi * 0.25 * t + rng.uniform(0, 6.28))
    return mix / (mix.std() or 1)


def with_noise(clip: Clip, snr_db: float, seed: int = 0) -> Clip:
    """``clip`` with street noise mixed in at ``snr_db`` below the speech's level (speech frames only, as Audio.rms_db)."""
    import numpy as np

    from simulator.speech.pcm import float_to_pcm16

    speech = np.frombuffer(clip.audio.samples, dtype="<i2").astype(np.float64) / 32768
    level = 10 ** (clip.audio.rms_db() / 20)
    noise = street_noise(len(speech), seed) * level * 10 ** (-snr_db / 20)
    return Clip(f"{clip.name}@{snr_db:g}dB", clip.reference, Audio(float_to_pcm16(speech + noise), clip.audio.rate))


def officer_phrases(count: int = 60) -> list[str]:
    """Officer phrases the built-in language model has never seen: the understanding dev split, less the tuning phrases."""
    from devtools.train_understanding import load_split
    from simulator.speech.corpus import corpus_sentences, words_of

    rows = load_split("dev")
    tuning = set(tuning_phrases())
    seen = set(corpus_sentences())  # a menu line or a common phrase ("take your time") the model was built with
    # Rows tagged "misrecognized" imitate a recogniser's mistakes ("of sir" for "officer"): nobody says them.
    picked = [r["text"] for r in rows if 3 <= len(r["text"].split()) <= 16 and "misrecognized" not in r.get("tags", ())
              and r["text"] not in tuning and " ".join(words_of(r["text"])) not in seen]
    step = max(1, len(picked) // count)
    return picked[::step][:count]


def tuning_phrases() -> list[str]:
    """The dev phrases the built-in engine's settings were chosen on; the benchmark never uses them."""
    from simulator.speech.corpus import SPEECH_DATA

    return [line for line in (SPEECH_DATA / "tuning_phrases.txt").read_text(encoding="utf-8").splitlines() if line.strip()]


def synthesized_clips(phrases: list[str], voices: tuple[str, ...] = VOICES) -> list[Clip]:
    """Each phrase in one of ``voices`` (round robin), so every voice says a third."""
    return [Clip(f"{voices[i % len(voices)]}:{i}", p, synthesize(p, voices[i % len(voices)])) for i, p in enumerate(phrases)]
