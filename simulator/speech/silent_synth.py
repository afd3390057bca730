"""The silent engine: no sound, but as long as the line would take to say.

For tests and for machines with no speech engine at all. Timing code (the app
waiting for the person to finish, the microphone paused meanwhile) then behaves
as it would with a voice, and the person's lines are shown as text.
"""

from __future__ import annotations

import re

from simulator.speech.synthesis import Audio
from simulator.voices import VoiceSettings

RATE = 22050
END_PAUSE = 0.3  # seconds, like eSpeak's end-of-sentence pause
CLAUSE_PAUSE = 0.15  # per comma, semicolon or dash inside the line


def spoken_seconds(text: str, rate_wpm: float) -> float:
    """How long ``text`` takes at ``rate_wpm`` words a minute, pauses included."""
    words = len(re.findall(r"[\w']+", text))
    if words == 0:
        return 0.0
    clauses = len(re.findall(r"[,;:—–]|\s-\s|[.!?](?=\s+\S)", text))
    return words * 60.0 / max(1.0, rate_wpm) + clauses * CLAUSE_PAUSE + END_PAUSE


class SilentSynth:
    """Returns silence of a plausible duration; always available."""

    name = "silent"

    def available(self) -> tuple[bool, str]:
        return True, "no sound: the person's lines are text only"

    def describe(self, settings: VoiceSettings) -> str:
        return f"silence timed at {round(settings.rate)} wpm"

    def synthesize(self, text: str, settings: VoiceSettings) -> Audio:
        return Audio.silence(spoken_seconds(text, settings.rate), RATE)
