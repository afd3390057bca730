"""Audio plumbing for recognition: read any recorder's file, mix to mono, resample to 16 kHz.

Recognisers want 16 kHz mono 16-bit PCM; files come at other rates and widths
(espeak-ng writes 22.05 kHz, phones 8 kHz, field recorders 24-bit stereo at
48 kHz). Resampling is soxr's band-limited conversion in both directions:
downsampling does not fold high frequencies back into the speech band, and
upsampling 8 kHz phone audio does not add images above 4 kHz (the hand-written
linear interpolation it replaces had no filter at all when upsampling).
"""

from __future__ import annotations

from pathlib import Path

from simulator.speech.pcm import Audio, AudioFileError

RECOGNITION_RATE = 16000

__all__ = ["RECOGNITION_RATE", "AudioFileError", "StreamResampler", "for_recognition", "read_audio", "resample"]


def read_audio(path: str | Path) -> Audio:
    """Any WAV (any width, float, EXTENSIBLE, multichannel), AIFF, FLAC or OGG file as 16-bit mono, at its own rate."""
    p = Path(path)
    if not p.exists():
        raise AudioFileError(f"{path}: no such file")
    if p.is_dir():
        raise AudioFileError(f"{path}: a folder, not an audio file")
    return Audio.from_file(p)


def resample(audio: Audio, rate: int = RECOGNITION_RATE) -> Audio:
    """``audio`` at ``rate`` Hz (a copy; unchanged if already there)."""
    if audio.rate == rate:
        return Audio(audio.samples, rate)
    if not audio.samples:
        return Audio(b"", rate)
    import numpy as np
    import soxr

    x = np.frombuffer(audio.samples, dtype="<i2")
    y = soxr.resample(x, audio.rate, rate, quality="HQ")
    return Audio(np.ascontiguousarray(y, dtype="<i2").tobytes(), rate)


def for_recognition(audio: Audio) -> Audio:
    return resample(audio, RECOGNITION_RATE)


class StreamResampler:
    """Chunks of 16-bit mono PCM at ``in_rate`` in, the same at ``out_rate`` out, with filter state kept
    across chunks (a microphone that only opens at 44.1 or 48 kHz feeds a 16 kHz recogniser)."""

    def __init__(self, in_rate: int, out_rate: int = RECOGNITION_RATE) -> None:
        self.in_rate, self.out_rate = in_rate, out_rate
        self._stream = None
        if in_rate != out_rate:
            import soxr

            self._stream = soxr.ResampleStream(in_rate, out_rate, 1, dtype="int16", quality="HQ")

    def __call__(self, pcm: bytes, last: bool = False) -> bytes:
        if self._stream is None:
            return pcm
        import numpy as np

        x = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2")
        return np.ascontiguousarray(self._stream.resample_chunk(x, last=last), dtype="<i2").tobytes()
