"""Where an utterance starts and ends, from the audio level alone (hands-free mode).

An adaptive noise floor makes the same settings work in a quiet office and a
noisy classroom lab: speech starts when the level stays well above the floor
for a moment, and ends after a stretch of silence. The silence waited for is
reported with each end, because it is part of the delay the trainee feels.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass


@dataclass(frozen=True)
class EndpointConfig:
    frame_ms: int = 30
    start_above_noise_db: float = 12.0
    end_above_noise_db: float = 6.0
    min_level_db: float = -55.0
    start_ms: int = 120  # this much loud audio starts an utterance
    end_silence_ms: int = 600  # this much quiet after speech ends it
    noise_adapt: float = 0.05
    sample_rate: int = 16000


@dataclass(frozen=True)
class EndpointEvent:
    kind: str  # "start" | "end"
    t: float  # seconds of audio fed when it was decided
    waited_ms: int = 0  # for "end": the silence waited before deciding


def level_db(pcm: bytes) -> float:
    """RMS level of 16-bit PCM in dB full scale (-120 for silence)."""
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) // 2 * 2])
    if not samples:
        return -120.0
    mean_square = sum(s * s for s in samples) / len(samples)
    return max(-120.0, 10 * math.log10(mean_square / 32768.0**2)) if mean_square > 0 else -120.0


class Endpointer:
    """Feed PCM in any chunk size; get start/end events with their times."""

    def __init__(self, config: EndpointConfig | None = None) -> None:
        self.config = config or EndpointConfig()
        self._frame_bytes = 2 * self.config.sample_rate * self.config.frame_ms // 1000
        self._buffer = b""
        self._t = 0.0
        self.noise_db = -60.0
        self.in_speech = False
        self._loud_ms = 0
        self._quiet_ms = 0
        self.last_level_db = -120.0

    def feed(self, pcm: bytes) -> list[EndpointEvent]:
        c = self.config
        self._buffer += pcm
        events = []
        while len(self._buffer) >= self._frame_bytes:
            frame, self._buffer = self._buffer[: self._frame_bytes], self._buffer[self._frame_bytes :]
            self._t += c.frame_ms / 1000
            db = level_db(frame)
            self.last_level_db = db
            if not self.in_speech:
                loud = db > max(c.min_level_db, self.noise_db + c.start_above_noise_db)
                self._loud_ms = self._loud_ms + c.frame_ms if loud else 0
                if not loud:
                    self.noise_db += c.noise_adapt * (db - self.noise_db) if db > self.noise_db else 0.5 * (db - self.noise_db)
                if self._loud_ms >= c.start_ms:
                    self.in_speech = True
                    self._quiet_ms = 0
                    events.append(EndpointEvent("start", self._t - self._loud_ms / 1000))
            else:
                quiet = db < max(c.min_level_db, self.noise_db + c.end_above_noise_db)
                self._quiet_ms = self._quiet_ms + c.frame_ms if quiet else 0
                if self._quiet_ms >= c.end_silence_ms:
                    self.in_speech = False
                    self._loud_ms = 0
                    events.append(EndpointEvent("end", self._t, self._quiet_ms))
        return events
