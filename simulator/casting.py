"""Who speaks a line, in which voice: the scenario's cast, resolved once per session.

The app used to re-read and re-validate the voice YAML for every line the person
said (and the replay viewer repeated it). A ``Casting`` reads each speaker's
profile once, when the session opens, remembers which ones could not be loaded
(so the app says so once and shows captions), and turns a line into the
``VoiceSettings`` it should be spoken with, moved by the person's state at that
moment. Narration ("She turns away from the rail.") is no one's line: it is
read aloud, when the trainee wants it, in a plain narrator's voice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from simulator.scenario.model import Scenario
from simulator.voices import VoiceProfile, VoiceSettings, find_voice

NARRATOR = "narrator"


@dataclass(frozen=True)
class Line:
    """One line to be voiced: its speaker's settings, or why it stays a caption."""

    text: str
    speaker: str
    settings: VoiceSettings | None
    problem: str = ""


@dataclass
class Casting:
    """The voices of a scenario's speakers (the person and any other characters)."""

    scenario: Scenario
    profiles: dict[str, VoiceProfile] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # voice id -> why it could not be loaded

    def __post_init__(self) -> None:
        self.ranges = {n: (v.minimum, v.maximum) for n, v in self.scenario.variables.items() if v.kind == "number"}
        for voice_id in {self.voice_of(None), *(self.voice_of(c) for c in self.scenario.characters)}:
            try:
                self.profiles[voice_id] = find_voice(voice_id)
            except Exception as exc:  # a missing or broken profile must not stop a session: captions still show
                self.problems[voice_id] = f"The voice '{voice_id}' could not be loaded ({exc}); captions only."

    def voice_of(self, speaker: str | None) -> str:
        """The voice id a speaker uses: a character's own, else the person's."""
        if speaker not in (None, "person") and speaker in self.scenario.characters:
            return self.scenario.characters[speaker].voice or self.scenario.person.voice
        return self.scenario.person.voice

    def line(self, text: str, speaker: str | None = None, state: Mapping[str, float | bool] | None = None) -> Line | None:
        """How to voice ``text`` said by ``speaker`` in ``state``; None for the narrator (never voiced)."""
        if speaker == NARRATOR:
            return None
        voice_id = self.voice_of(speaker)
        profile = self.profiles.get(voice_id)
        who = speaker or "person"
        if profile is None:
            return Line(text, who, None, self.problems.get(voice_id, f"no voice '{voice_id}'"))
        return Line(text, who, profile.settings(dict(state or {}), self.ranges))

    def narrator(self) -> VoiceSettings:
        """A plain, steady voice for narration, distinct from the person's."""
        return VoiceSettings("en-us", None, "en-US", None, rate=165.0, pitch=40.0, range=30.0, volume=0.8)

    def gender(self) -> str | None:
        """The person's gender as their voice gives it (the portrait's hair), None when unknown."""
        profile = self.profiles.get(self.scenario.person.voice)
        return profile.gender if profile else None
