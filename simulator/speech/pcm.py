"""``Audio``: 16-bit mono PCM at a rate — the one audio type that speech in and speech out share.

It lives in its own module so that the recogniser side never imports the
synthesiser side (and the other way round): both import this. Files are read
through soundfile (libsndfile: WAV at any width including float and
WAVE_FORMAT_EXTENSIBLE, AIFF, FLAC, OGG, any channel count) and mixed down to
mono; they are written with the standard library's ``wave``, which is all a
16-bit mono file needs.
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

SILENCE_DB = -120.0  # what rms_db() reports for digital silence, instead of -inf


class AudioFileError(ValueError):
    """A file that is not audio we can read; the message says which file, why, and how to convert it."""


@dataclass(frozen=True)
class Audio:
    """16-bit signed little-endian mono PCM at ``rate`` Hz.

    Kept as raw bytes so it can go straight to a WAV file, to QtMultimedia
    (QAudioSink / QBuffer) or to a recogniser.
    """

    samples: bytes
    rate: int

    @property
    def frames(self) -> int:
        return len(self.samples) // 2

    @property
    def duration(self) -> float:
        """Seconds of audio, end pause included (timing code waits this long)."""
        return self.frames / self.rate if self.rate else 0.0

    def to_wav(self, path: str | Path) -> Path:
        """Write a standard 16-bit mono WAV file and return its path."""
        path = Path(path)
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            w.writeframes(self.samples)
        return path

    def to_wav_bytes(self) -> bytes:
        """The WAV file as bytes (for an in-memory player)."""
        import io

        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            w.writeframes(self.samples)
        return buf.getvalue()

    def rms_db(self, frame_seconds: float = 0.02, gate_db: float = 40.0) -> float:
        """Loudness of the speech in dB relative to full scale.

        The RMS is taken over the 20 ms frames no more than ``gate_db`` below the
        loudest frame, so pauses do not count: a fast and a slow reading of the
        same sentence at the same volume measure the same, which is what lets the
        stress test tell "louder" from "fewer pauses".
        """
        pcm = _pcm(self.samples)
        size = max(1, int(self.rate * frame_seconds))
        energies = [_mean_square(pcm[i : i + size]) for i in range(0, len(pcm), size)]
        energies = [e for e in energies if e > 0]
        if not energies:
            return SILENCE_DB
        floor = max(energies) * 10 ** (-gate_db / 10)
        kept = [e for e in energies if e >= floor]
        return max(SILENCE_DB, 10 * math.log10(sum(kept) / len(kept) / 32768.0**2))

    def peak(self) -> int:
        """The largest absolute sample (32767 means clipping)."""
        pcm = _pcm(self.samples)
        return max((abs(x) for x in pcm), default=0)

    @classmethod
    def silence(cls, seconds: float, rate: int = 22050) -> Audio:
        return cls(bytes(2 * max(0, round(seconds * rate))), rate)

    @classmethod
    def from_file(cls, path: str | Path) -> Audio:
        """Any file libsndfile reads (WAV of any width or channel count, AIFF/AIFC, FLAC, OGG) as 16-bit mono.

        pyttsx3 writes WAV on Linux and Windows but AIFF on macOS; recorders write
        24-bit, float, EXTENSIBLE and stereo WAVs; phones write 8 kHz.
        """
        import numpy as np
        import soundfile

        p = Path(path)
        with p.open("rb") as fh:
            head = fh.read(12)
        if head[:4] == b"FORM" and head[8:12] not in (b"AIFF", b"AIFC"):
            raise AudioFileError(f"{path}: an IFF file that is not AIFF ({head[8:12].decode('latin-1')!r}); convert it with `sox in out.wav`")
        try:
            with soundfile.SoundFile(str(p)) as f:
                rate, channels = f.samplerate, f.channels
                if channels == 1 and f.subtype == "PCM_16":
                    data = f.read(dtype="int16")  # exact, and the common case
                    return cls(np.ascontiguousarray(data, dtype="<i2").tobytes(), rate)
                # Everything else through float: libsndfile reads float files as int16 without scaling (all zeros).
                mixed = f.read(dtype="float64", always_2d=True).mean(axis=1)
        except (RuntimeError, OSError, ValueError, TypeError) as exc:  # soundfile.LibsndfileError is a RuntimeError
            raise AudioFileError(f"{path}: not an audio file we can read ({exc}); convert it with e.g. `sox in.mp3 -r 16000 -c 1 out.wav`") from None
        return cls(float_to_pcm16(mixed), rate)


def float_to_pcm16(x) -> bytes:  # type: ignore[no-untyped-def]
    """Float samples in [-1, 1] (a numpy array) as 16-bit little-endian PCM bytes, clipped, not wrapped."""
    import numpy as np

    return np.clip(np.round(np.asarray(x, dtype=np.float64) * 32768.0), -32768, 32767).astype("<i2").tobytes()


def _pcm(samples: bytes) -> array[int]:
    pcm = array("h")
    pcm.frombytes(samples[: len(samples) // 2 * 2])
    if sys.byteorder == "big":
        pcm.byteswap()
    return pcm


def _mean_square(chunk: array[int]) -> float:
    return sum(x * x for x in chunk) / len(chunk) if chunk else 0.0
