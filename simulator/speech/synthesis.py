"""Speech out, the interface: what a ``Synthesizer`` is and the error it raises (``Audio`` itself lives in pcm.py).

Every engine applies all of a ``VoiceSettings`` (voice, rate, pitch, volume and,
where it can, pitch range) on every single utterance: pyttsx3 on Linux drops
property changes between utterances (shared/PLATFORM.md), so no engine may rely
on a setting "still being there" from the line before. The engines import these
names from here and the registry (``synth.py``) imports the engines, so no
engine imports the registry.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from simulator.speech.pcm import SILENCE_DB as SILENCE_DB  # re-exported: engines import them from here
from simulator.speech.pcm import Audio as Audio
from simulator.speech.pcm import AudioFileError as AudioFileError
from simulator.voices import VoiceSettings


class SynthesisError(RuntimeError):
    """An engine that said it was available failed on a line; the message says what to do."""


@runtime_checkable
class Synthesizer(Protocol):
    """A speech engine. ``synthesize`` blocks: call it off the GUI thread (see speaker.Speaker)."""

    name: str

    def available(self) -> tuple[bool, str]:
        """(True, what is used) or (False, what is missing and the command that fixes it)."""
        ...

    def synthesize(self, text: str, settings: VoiceSettings) -> Audio:
        """Speak ``text`` with every one of ``settings`` applied to this very utterance."""
        ...

    def describe(self, settings: VoiceSettings) -> str:
        """What the engine is told for ``settings``, in its own units (for the CLI and logs)."""
        ...
