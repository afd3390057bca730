"""Voice profiles (voices/*.yaml): how each person sounds, and how that moves with their state.

The speech engines read a profile through ``VoiceProfile.settings(state)`` so
that rate, pitch, range and volume are computed, and applied, for every
utterance (pyttsx3 on Linux drops property changes between utterances).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from simulator.diagnostics import Diagnostic, InvalidFile
from simulator.paths import voices_dir
from simulator.schema import schema_diagnostics
from simulator.yamlpos import load_yaml

SCHEMA_PATH = Path(__file__).resolve().parent / "scenario" / "voice.schema.json"
BOUNDS = {"rate": (80.0, 450.0), "pitch": (0.0, 100.0), "range": (0.0, 100.0), "volume": (0.0, 1.0)}


@dataclass(frozen=True)
class VoiceSettings:
    """What one utterance is spoken with."""

    base_voice: str
    variant: str | None
    language: str
    gender: str | None
    rate: float
    pitch: float
    range: float
    volume: float


@dataclass(frozen=True)
class VoiceProfile:
    id: str
    path: str
    language: str
    base_voice: str
    rate: float
    pitch: float
    volume: float
    range: float = 50.0
    variant: str | None = None
    gender: str | None = None
    description: str = ""
    by_state: dict[str, dict[str, float]] = field(default_factory=dict)

    def settings(self, state: dict[str, float | bool] | None = None, ranges: dict[str, tuple[float, float]] | None = None) -> VoiceSettings:
        """The voice for a person in ``state``; each state variable moves it linearly over its range."""
        values = {"rate": self.rate, "pitch": self.pitch, "range": self.range, "volume": self.volume}
        for var, deltas in self.by_state.items():
            if not state or var not in state or isinstance(state[var], bool):
                continue
            lo, hi = (ranges or {}).get(var, (0.0, 100.0))
            share = 0.0 if hi <= lo else max(0.0, min(1.0, (float(state[var]) - lo) / (hi - lo)))
            for prop, delta in deltas.items():
                values[prop] += delta * share
        for prop, (lo, hi) in BOUNDS.items():
            values[prop] = max(lo, min(hi, values[prop]))
        return VoiceSettings(self.base_voice, self.variant, self.language, self.gender, **values)


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def load_voice(path: str | Path) -> tuple[VoiceProfile | None, list[Diagnostic]]:
    """Load and check one voice profile."""
    try:
        located = load_yaml(path)
    except InvalidFile as exc:
        return None, exc.diagnostics
    if not isinstance(located.data, dict):
        return None, [located.diagnostic((), "error", "a voice profile must be a mapping of keys", "see docs/voice-format.md")]
    diags = schema_diagnostics(located, _schema(), "voice profile")
    if diags:
        return None, diags
    d = located.data
    stem = Path(path).stem
    if d["id"] != stem:
        diags.append(located.diagnostic(("id",), "error", f"voice id '{d['id']}' differs from its file name '{stem}'", f"rename the file to {d['id']}.yaml or the id to {stem}"))
        return None, diags
    profile = VoiceProfile(
        id=d["id"], path=str(path), language=d["language"], base_voice=d["base_voice"], rate=float(d["rate"]),
        pitch=float(d["pitch"]), volume=float(d["volume"]), range=float(d.get("range", 50)), variant=d.get("variant"),
        gender=d.get("gender"), description=d.get("description", ""),
        by_state={k: {p: float(x) for p, x in v.items()} for k, v in d.get("by_state", {}).items()},
    )
    return profile, diags


def voice_ids(folder: Path | None = None) -> set[str]:
    """Ids of the voice profiles in ``folder`` (default: the shipped voices/)."""
    return {p.stem for p in (folder or voices_dir()).glob("*.yaml")}


def find_voice(voice_id: str, folder: Path | None = None) -> VoiceProfile:
    """The profile with this id; InvalidFile if it is missing or broken."""
    path = (folder or voices_dir()) / f"{voice_id}.yaml"
    if not path.exists():
        raise InvalidFile([Diagnostic(str(path), 1, 1, "error", f"no voice profile '{voice_id}'", f"add {path.name} (see docs/voice-format.md)")])
    profile, diags = load_voice(path)
    if profile is None:
        raise InvalidFile(diags)
    return profile
