"""Audio plumbing for recognition: read any WAV, mix to mono, resample to 16 kHz.

Recognisers want 16 kHz mono 16-bit PCM; files and synthesisers come at other
rates (espeak-ng writes 22.05 kHz). Resampling uses a windowed-sinc low-pass
before interpolation, so downsampling does not fold high frequencies back
into the speech band (plain interpolation costs recognisers several points of
word error rate).
"""

from __future__ import annotations

import wave
from pathlib import Path

from simulator.speech.synth import Audio

RECOGNITION_RATE = 16000


class AudioFileError(ValueError):
    """A file that is not audio we can read; the message says which file and why."""


def read_audio(path: str | Path) -> Audio:
    """Any PCM WAV (or AIFF) as 16-bit mono, at its own rate."""
    p = Path(path)
    if not p.exists():
        raise AudioFileError(f"{path}: no such file")
    try:
        return Audio.from_file(p)
    except (wave.Error, EOFError, ValueError, OSError) as exc:
        raise AudioFileError(f"{path}: not a PCM WAV file we can read ({exc}); convert it with e.g. `sox in.mp3 -r 16000 -c 1 out.wav`") from None


def resample(audio: Audio, rate: int = RECOGNITION_RATE) -> Audio:
    """``audio`` at ``rate`` Hz (a copy; unchanged if already there)."""
    if audio.rate == rate or not audio.samples:
        return Audio(audio.samples, rate) if audio.rate == rate else Audio(b"", rate)
    import numpy as np

    x = np.frombuffer(audio.samples, dtype="<i2").astype(np.float64)
    if rate < audio.rate:
        cutoff = 0.5 * rate / audio.rate * 0.95  # of the input sample rate
        taps = 63
        n = np.arange(taps) - (taps - 1) / 2
        kernel = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
        kernel /= kernel.sum()
        x = np.convolve(x, kernel, mode="same")
    count = round(len(x) * rate / audio.rate)
    positions = np.arange(count) * (audio.rate / rate)
    y = np.interp(positions, np.arange(len(x)), x)
    return Audio(np.clip(np.round(y), -32768, 32767).astype("<i2").tobytes(), rate)


def for_recognition(audio: Audio) -> Audio:
    return resample(audio, RECOGNITION_RATE)
